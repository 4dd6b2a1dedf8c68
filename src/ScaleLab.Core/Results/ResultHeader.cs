using System.Reflection;

namespace ScaleLab.Core.Results;

/// <summary>
/// What every JSON result carries besides its own fields: its kind, the schema version, ScaleLab's version,
/// when it started, the command line and the machine.
/// </summary>
public sealed record ResultHeader(
    string Kind,
    int SchemaVersion,
    string ScalelabVersion,
    DateTimeOffset StartedAt,
    string CommandLine,
    MachineInfo Machine)
{
    /// <summary>The schema version of every result this build writes.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>ScaleLab's version, from the assembly.</summary>
    public static string Version { get; } =
        typeof(ResultHeader).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0]
        ?? "0.0.0";

    /// <summary>A header for a result of <paramref name="kind"/> started at <paramref name="startedAt"/>.</summary>
    public static ResultHeader Create(string kind, DateTimeOffset startedAt, string commandLine) =>
        new(kind, CurrentSchemaVersion, Version, startedAt, commandLine, MachineInfo.Current());
}
