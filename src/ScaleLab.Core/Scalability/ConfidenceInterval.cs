using System.Text.Json;
using System.Text.Json.Serialization;

namespace ScaleLab.Core.Scalability;

/// <summary>A two-sided confidence interval, written to JSON as <c>[lower, upper]</c>.</summary>
/// <param name="Lower">The lower limit.</param>
/// <param name="Upper">The upper limit.</param>
[JsonConverter(typeof(ConfidenceIntervalJsonConverter))]
public readonly record struct ConfidenceInterval(double Lower, double Upper)
{
    /// <summary>Whether <paramref name="value"/> lies inside the interval, limits included.</summary>
    public bool Contains(double value) => value >= Lower && value <= Upper;
}

/// <summary>Reads and writes a <see cref="ConfidenceInterval"/> as a two-element array.</summary>
internal sealed class ConfidenceIntervalJsonConverter : JsonConverter<ConfidenceInterval>
{
    public override ConfidenceInterval Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("a confidence interval is an array [lower, upper]");
        }

        reader.Read();
        var lower = reader.GetDouble();
        reader.Read();
        var upper = reader.GetDouble();
        reader.Read();
        if (reader.TokenType != JsonTokenType.EndArray)
        {
            throw new JsonException("a confidence interval has exactly two numbers");
        }

        return new ConfidenceInterval(lower, upper);
    }

    public override void Write(Utf8JsonWriter writer, ConfidenceInterval value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(value.Lower);
        writer.WriteNumberValue(value.Upper);
        writer.WriteEndArray();
    }
}
