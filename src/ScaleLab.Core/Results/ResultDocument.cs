using System.Text.Json.Serialization;

namespace ScaleLab.Core.Results;

/// <summary>
/// What every JSON result carries first, whatever its kind: the kind, the schema version, ScaleLab's version, when
/// it started, the command line and the machine. One definition, so that every result spells them the same way.
/// </summary>
public abstract record ResultDocument
{
    [JsonPropertyOrder(-6)]
    public string Kind { get; init; } = string.Empty;

    [JsonPropertyOrder(-5)]
    public int SchemaVersion { get; init; } = ResultHeader.CurrentSchemaVersion;

    [JsonPropertyOrder(-4)]
    public string ScalelabVersion { get; init; } = ResultHeader.Version;

    [JsonPropertyOrder(-3)]
    public DateTimeOffset StartedAt { get; init; }

    [JsonPropertyOrder(-2)]
    public string CommandLine { get; init; } = string.Empty;

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
