using System.Globalization;
using ScaleLab.Lab.Processes;

namespace ScaleLab.Lab.Database;

/// <summary>
/// The unprivileged account PostgreSQL runs as when the lab runs as root (initdb and postgres refuse root):
/// Debian's <c>postgres</c> user when the package made one, else <c>nobody</c>.
/// </summary>
internal sealed record UnixAccount(string Name, int UserId, int GroupId)
{
    /// <summary>Null when we are not root: PostgreSQL then runs as we are.</summary>
    public static UnixAccount? ForPostgres()
    {
        if (!PosixNative.IsRoot())
        {
            return null;
        }

        var accounts = File.ReadAllLines("/etc/passwd")
            .Select(line => line.Split(':'))
            .Where(fields => fields.Length >= 4)
            .ToDictionary(fields => fields[0], fields => fields, StringComparer.Ordinal);
        foreach (var name in new[] { "postgres", "nobody" })
        {
            if (accounts.TryGetValue(name, out var fields))
            {
                return new UnixAccount(name, int.Parse(fields[2], CultureInfo.InvariantCulture), int.Parse(fields[3], CultureInfo.InvariantCulture));
            }
        }

        throw new InvalidOperationException("running as root, and neither a postgres nor a nobody account exists to run PostgreSQL as");
    }

    /// <summary>Hands a directory we created to this account.</summary>
    public void Own(string path)
    {
        var errno = PosixNative.ChangeOwner(path, UserId, GroupId);
        if (errno != 0)
        {
            throw new IOException($"cannot hand {path} to {Name} (errno {errno})");
        }
    }
}
