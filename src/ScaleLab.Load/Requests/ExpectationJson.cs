using System.Text.Json;

namespace ScaleLab.Load.Requests;

/// <summary>Reads an <c>expect</c> object of a mix or a flow file into a <see cref="ResponseExpectation"/>.</summary>
internal static class ExpectationJson
{
    internal static readonly string[] Fields = ["status", "bodyContains", "json", "header"];

    public static ResponseExpectation Parse(JsonElement element, string where)
    {
        where += ".expect";
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{where} must be an object with status, bodyContains, json or header");
        }

        RequestMixFile.CheckFields(element, Fields, where);
        List<string>? statuses = null;
        if (element.TryGetProperty("status", out var status))
        {
            statuses = status.ValueKind switch
            {
                JsonValueKind.Number or JsonValueKind.String => [Text(status)],
                JsonValueKind.Array => [.. status.EnumerateArray().Select(Text)],
                _ => throw new FormatException($"{where}.status must be a code (200), a class (\"2xx\") or a list of them"),
            };
        }

        Dictionary<string, string>? json = null;
        if (element.TryGetProperty("json", out var paths))
        {
            json = paths.ValueKind == JsonValueKind.Object
                ? paths.EnumerateObject().ToDictionary(p => p.Name, p => Text(p.Value), StringComparer.Ordinal)
                : throw new FormatException($"{where}.json must be an object of JSON paths and expected values");
        }

        Dictionary<string, string>? header = null;
        if (element.TryGetProperty("header", out var headers))
        {
            header = headers.ValueKind == JsonValueKind.Object && headers.EnumerateObject().All(h => h.Value.ValueKind == JsonValueKind.String)
                ? headers.EnumerateObject().ToDictionary(h => h.Name, h => h.Value.GetString()!, StringComparer.OrdinalIgnoreCase)
                : throw new FormatException($"{where}.header must be an object of header names and regular expressions");
        }

        return new ResponseExpectation
        {
            Status = statuses,
            BodyContains = RequestMixFile.OptionalString(element, "bodyContains", where),
            Json = json,
            Header = header,
        };
    }

    /// <summary>A scalar as the text checks compare: a string's value, any other value's JSON.</summary>
    private static string Text(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
}
