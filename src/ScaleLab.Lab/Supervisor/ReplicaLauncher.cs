using ScaleLab.Lab.Service;

namespace ScaleLab.Lab.Supervisor;

/// <summary>
/// How the supervisor starts a replica process: a program, and the arguments that come before the replica's own
/// options (<see cref="ReplicaOptions.ToArguments"/>). Whoever runs the lab makes it, because only they know their
/// command line: the CLI's is <c>scalelab lab replica</c>.
/// </summary>
public sealed class ReplicaLauncher
{
    /// <summary>A launcher for <paramref name="command"/>: the program first, then the arguments before the replica's options.</summary>
    public ReplicaLauncher(IReadOnlyList<string> command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Count == 0 || string.IsNullOrEmpty(command[0]))
        {
            throw new ArgumentException("a replica launcher needs a program", nameof(command));
        }

        Command = [.. command];
    }

    /// <summary>The program, then the arguments before the replica's options.</summary>
    public IReadOnlyList<string> Command { get; }

    /// <summary>
    /// Cores each replica may use: its threads are pinned to that many of the machine's cores (consecutive replicas
    /// on different ones where they fit) and <c>DOTNET_PROCESSOR_COUNT</c> tells the runtime, so that the thread pool
    /// and the GC size themselves for them. Null: every core, as started.
    /// </summary>
    public int? Cpus { get; init; }

    /// <summary>The GC heap hard limit of each replica, in MiB (<c>DOTNET_GCHeapHardLimit</c>); null: none.</summary>
    public int? MemoryMb { get; init; }

    internal string Program => Command[0];

    /// <summary>The environment a replica starts with: the runtime's view of its cores and memory.</summary>
    internal IReadOnlyDictionary<string, string> Environment()
    {
        var environment = new Dictionary<string, string>();
        if (Cpus is { } cpus)
        {
            environment["DOTNET_PROCESSOR_COUNT"] = cpus.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (MemoryMb is { } memory)
        {
            // The runtime reads the limit as hexadecimal bytes.
            environment["DOTNET_GCHeapHardLimit"] = ((long)memory * 1024 * 1024).ToString("X", System.Globalization.CultureInfo.InvariantCulture);
        }

        return environment;
    }

    /// <summary>The cores replica <paramref name="id"/> is pinned to; empty when <see cref="Cpus"/> is not set.</summary>
    internal IReadOnlyList<int> Cores(int id) =>
        Cpus is { } cpus ? Processes.CpuAffinity.Cores(id - 1, cpus, System.Environment.ProcessorCount) : [];

    internal IReadOnlyList<string> Arguments(ReplicaOptions options) => [.. Command.Skip(1), .. options.ToArguments()];
}
