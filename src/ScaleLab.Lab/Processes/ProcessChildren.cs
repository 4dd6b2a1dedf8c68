using System.Globalization;

namespace ScaleLab.Lab.Processes;

/// <summary>The direct children of a process, read from /proc (a PostgreSQL postmaster's background workers and backends).</summary>
internal static class ProcessChildren
{
    /// <summary>The live processes whose parent is <paramref name="pid"/>, from /proc/PID/stat.</summary>
    public static IEnumerable<int> Of(int pid)
    {
        string[] entries;
        try
        {
            entries = Directory.EnumerateDirectories("/proc").ToArray();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            yield break;
        }

        foreach (var entry in entries)
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var candidate))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(entry, "stat"));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            // "pid (comm) S ppid ...": comm may hold spaces and parentheses, the fields follow the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 1 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent) && parent == pid)
            {
                yield return candidate;
            }
        }
    }
}
