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
    public static ReplicaLauncher Replica(int? cpus = null, int? memoryMb = null) =>
        new([.. ProcessCommand.ForCurrentProcess(), "lab", "replica"]) { Cpus = cpus, MemoryMb = memoryMb };

    /// <summary>This scalelab again, running <c>lab store</c>: the lab's Garnet store in a process of its own.</summary>
    public static IReadOnlyList<string> Store() => [.. ProcessCommand.ForCurrentProcess(), "lab", "store"];

    /// <summary>This scalelab again, running <c>lab up</c>: the prefix that a lab of a command's own appends its options to.</summary>
    public static IReadOnlyList<string> LabUp() => [.. ProcessCommand.ForCurrentProcess(), "lab", "up"];

    /// <summary>This scalelab again, running <c>lab up</c> on a free port (for a lab of a command's own, such as diagnose's).</summary>
    public static IReadOnlyList<string> LabUpOnFreePort() => [.. ProcessCommand.ForCurrentProcess(), "lab", "up", "--port", "0"];
}
