using System.Security.Cryptography;
using ScaleLab.Lab.Processes;

namespace ScaleLab.Lab.Supervisor;

/// <summary>A run's id and its temp directory.</summary>
internal static class LabRunIds
{
    /// <summary>12 random hex digits: unique enough to mark a run's processes and name its directories.</summary>
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    /// <summary>
    /// The run's temp directory: under the system temp directory (a run's SQLite shards may take tens of megabytes,
    /// too much for a small $XDG_RUNTIME_DIR), or under $SCALELAB_LAB_DIR when that is set.
    /// </summary>
    public static string Directory(string runId)
    {
        var directory = Path.Combine(RunsRoot(), runId);
        LabPaths.CreatePrivateDirectory(directory);
        return directory;
    }

    /// <summary>
    /// Deletes the temp directories of runs that have no process left (a supervisor killed with SIGKILL cannot
    /// delete its own): run directories and PostgreSQL cluster directories older than a minute, so that a run that is
    /// just starting is never taken for a dead one.
    /// </summary>
    public static void CleanStale()
    {
        var cutoff = DateTime.UtcNow - TimeSpan.FromMinutes(1);
        var candidates = new List<(string Directory, string RunId)>();
        if (System.IO.Directory.Exists(RunsRoot()))
        {
            candidates.AddRange(System.IO.Directory.EnumerateDirectories(RunsRoot()).Select(d => (d, Path.GetFileName(d))));
        }

        foreach (var directory in System.IO.Directory.EnumerateDirectories(Path.GetTempPath(), "scalelab-lab-pg-*"))
        {
            // scalelab-lab-pg-<run id>-<shard>
            var parts = Path.GetFileName(directory).Split('-');
            if (parts.Length == 5)
            {
                candidates.Add((directory, parts[3]));
            }
        }

        foreach (var (directory, runId) in candidates)
        {
            try
            {
                if (System.IO.Directory.GetLastWriteTimeUtc(directory) < cutoff && LabProcessMarker.FindProcesses(runId).Count == 0)
                {
                    System.IO.Directory.Delete(directory, recursive: true);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Someone else's, or in use: leave it.
            }
        }
    }

    private static string RunsRoot()
    {
        var root = Environment.GetEnvironmentVariable("SCALELAB_LAB_DIR") is { Length: > 0 } custom
            ? custom
            : Path.Combine(Path.GetTempPath(), $"scalelab-lab-{PosixNative.UserId()}");
        return Path.Combine(root, "runs");
    }
}
