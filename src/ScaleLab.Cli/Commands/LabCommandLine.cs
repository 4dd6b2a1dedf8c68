using ScaleLab.Lab.Processes;
using ScaleLab.Lab.Supervisor;

namespace ScaleLab.Cli.Commands;

/// <summary>
/// The CLI's own command paths, for the processes the lab starts: the lab knows how to start a process, the CLI
/// knows which of its commands that process runs.
/// </summary>
internal static class LabCommandLine
{
    /// <summary>This scalelab again, running <c>lab replica</c> with the options the supervisor appends.</summary>
    public static ReplicaLauncher Replica() => new([.. ProcessCommand.ForCurrentProcess(), "lab", "replica"]);

    /// <summary>This scalelab again, running <c>lab up</c> on a free port (for a lab of a command's own, such as diagnose's).</summary>
    public static IReadOnlyList<string> LabUpOnFreePort() => [.. ProcessCommand.ForCurrentProcess(), "lab", "up", "--port", "0"];
}
