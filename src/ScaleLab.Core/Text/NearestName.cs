namespace ScaleLab.Core.Text;

/// <summary>
/// The known name nearest a mistyped one, for "did you mean …?" in errors: the optimal-string-alignment distance
/// (Damerau-Levenshtein without repeated edits of one substring), case-insensitive, so a swapped pair of letters
/// counts as one typo as people count it.
/// </summary>
public static class NearestName
{
    /// <summary>
    /// The known name nearest <paramref name="typed"/>, or null when none is near enough to be the likely intent:
    /// at most one edit for names of up to four letters, two up to eight, three beyond; a typed name that a
    /// known one starts with (or the reverse) also counts when it is at least three letters long.
    /// </summary>
    public static string? Find(string typed, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(typed);
        ArgumentNullException.ThrowIfNull(known);
        var bare = typed.TrimStart('-');
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var name in known)
        {
            var distance = Distance(bare, name.TrimStart('-'));
            if (distance < bestDistance)
            {
                (best, bestDistance) = (name, distance);
            }
        }

        if (best is null)
        {
            return null;
        }

        var candidate = best.TrimStart('-');
        var allowed = Math.Max(bare.Length, candidate.Length) switch
        {
            <= 4 => 1,
            <= 8 => 2,
            _ => 3,
        };
        var prefix = bare.Length >= 3 && (candidate.StartsWith(bare, StringComparison.OrdinalIgnoreCase) || bare.StartsWith(candidate, StringComparison.OrdinalIgnoreCase));
        return bestDistance <= allowed || prefix ? best : null;
    }

    /// <summary>The optimal-string-alignment distance between two names, ignoring case.</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
