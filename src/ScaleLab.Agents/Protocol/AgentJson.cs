using System.Text.Json;
using ScaleLab.Core.Results;

namespace ScaleLab.Agents.Protocol;

/// <summary>The wire's JSON: a result's conventions (camelCase, enums as strings), on one line.</summary>
internal static class AgentJson
{
    public static JsonSerializerOptions Options { get; } = new(ResultJson.Options) { WriteIndented = false };
}
