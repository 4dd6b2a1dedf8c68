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

    internal string Program => Command[0];

    internal IReadOnlyList<string> Arguments(ReplicaOptions options) => [.. Command.Skip(1), .. options.ToArguments()];
}
