using System.Text.Json;
using System.Text.Json.Serialization;

namespace ScaleLab.Core.Diagnosis;

/// <summary>Writes a <see cref="SloPercentile"/> as its name (<c>"p99.9"</c>) and reads it back.</summary>
internal sealed class SloPercentileJsonConverter : JsonConverter<SloPercentile>
{
    public override SloPercentile Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && SloPercentile.TryParse(reader.GetString(), out var percentile)
            ? percentile
            : throw new JsonException("expected a percentile such as \"p99\"");

    public override void Write(Utf8JsonWriter writer, SloPercentile value, JsonSerializerOptions options) => writer.WriteStringValue(value.Name);
}
