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
        var root = Environment.GetEnvironmentVariable("SCALELAB_LAB_DIR") is { Length: > 0 } custom
            ? custom
            : Path.Combine(Path.GetTempPath(), $"scalelab-lab-{PosixNative.UserId()}");
        var directory = Path.Combine(root, "runs", runId);
        LabPaths.CreatePrivateDirectory(directory);
        return directory;
    }
}
