using System.Reflection;

namespace ScaleLab.Core.Results;

/// <summary>
/// The header fields of <see cref="ResultDocument"/> alone, made once at the start of a command and stamped on its
/// result (<see cref="ResultDocument.Stamp"/>).
/// </summary>
public sealed record ResultHeader : ResultDocument
{
    /// <summary>The schema version of every result this build writes.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>ScaleLab's version, from the assembly.</summary>
    public static string Version { get; } =
        typeof(ResultHeader).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0]
        ?? "0.0.0";

    /// <summary>A header for a result of <paramref name="kind"/> started at <paramref name="startedAt"/>.</summary>
    public static ResultHeader Create(string kind, DateTimeOffset startedAt, string commandLine) =>
        new() { Kind = kind, StartedAt = startedAt, CommandLine = commandLine, Machine = MachineInfo.Current() };
}
