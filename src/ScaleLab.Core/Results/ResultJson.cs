using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ScaleLab.Core.Results;

/// <summary>The JSON conventions of every ScaleLab result: camelCase, enums as camelCase strings, indented.</summary>
public static class ResultJson
{
    /// <summary>Options shared by every writer and reader of results.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Serialises a result.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}
