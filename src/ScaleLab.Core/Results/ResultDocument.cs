using System.Text.Json.Serialization;

namespace ScaleLab.Core.Results;

/// <summary>
/// What every JSON result carries first, whatever its kind: the kind, the schema version, ScaleLab's version, when
/// it started, the command line and the machine. One definition, so that every result spells them the same way.
/// </summary>
public abstract record ResultDocument
{
    /// <summary>What the result is: <c>run</c>, <c>fit</c> or <c>diagnose</c>.</summary>
    [JsonPropertyOrder(-6)]
    public string Kind { get; init; } = string.Empty;

    /// <summary>The version of the JSON schema; it changes only when a field changes meaning or goes.</summary>
    [JsonPropertyOrder(-5)]
    public int SchemaVersion { get; init; } = ResultHeader.CurrentSchemaVersion;

    /// <summary>The version of ScaleLab that wrote the result.</summary>
    [JsonPropertyOrder(-4)]
    public string ScalelabVersion { get; init; } = ResultHeader.Version;

    /// <summary>When the command started.</summary>
    [JsonPropertyOrder(-3)]
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>The command line that produced the result.</summary>
    [JsonPropertyOrder(-2)]
    public string CommandLine { get; init; } = string.Empty;

    /// <summary>The machine the command ran on.</summary>
    [JsonPropertyOrder(-1)]
    public MachineInfo? Machine { get; init; }

    /// <summary>A copy of <paramref name="result"/> with the header's fields.</summary>
    public static TResult Stamp<TResult>(TResult result, ResultHeader header)
        where TResult : ResultDocument =>
        (TResult)((ResultDocument)result with
        {
            Kind = header.Kind,
            SchemaVersion = header.SchemaVersion,
            ScalelabVersion = header.ScalelabVersion,
            StartedAt = header.StartedAt,
            CommandLine = header.CommandLine,
            Machine = header.Machine,
        });
}
