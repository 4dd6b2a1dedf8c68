using System.Globalization;

namespace ScaleLab.Experiments.Scaling;

/// <summary>
/// A process and its descendants, from <c>/proc</c>: a PostgreSQL server forks a backend per connection, and the
/// database tier is all of them, not the postmaster alone.
/// </summary>
internal static class ProcessTree
{
    /// <summary><paramref name="root"/> and every live descendant, read from <paramref name="procRoot"/>.</summary>
    public static IReadOnlyList<int> WithDescendants(int root, string procRoot = "/proc")
    {
        var parents = new Dictionary<int, int>();
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateDirectories(procRoot).ToArray();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [root];
        }

        foreach (var entry in entries)
        {
            if (int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && ReadParent(Path.Combine(entry, "stat")) is { } parent)
            {
                parents[pid] = parent;
            }
        }

        var found = new List<int> { root };
        for (var i = 0; i < found.Count && found.Count < 10_000; i++)
        {
            found.AddRange(parents.Where(kv => kv.Value == found[i]).Select(kv => kv.Key));
        }

        return found;
    }

    /// <summary>The parent pid in a <c>/proc/PID/stat</c> line: the second field after the command's closing parenthesis.</summary>
    internal static int? ParseParent(string stat)
    {
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 1 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent) ? parent : null;
    }

    private static int? ReadParent(string path)
    {
        try
        {
            return ParseParent(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
