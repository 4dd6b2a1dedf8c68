using System.Text.Json;
using ScaleLab.Core.Text;

namespace ScaleLab.Load.Requests;

/// <summary>
/// Reads a request mix (<c>--requests-file</c>):
/// <code>
/// { "requests": [
///     { "name": "feed", "weight": 8, "path": "/users/{{randomInt 1 10000}}/feed" },
///     { "name": "order", "weight": 1, "method": "POST", "path": "/orders",
///       "headers": { "Content-Type": "application/json" },
///       "body": "{\"productId\": {{randomInt 1 100}}, \"idempotencyKey\": \"{{uuid}}\"}" } ] }
/// </code>
/// <c>method</c> defaults to GET, <c>weight</c> to 1, <c>name</c> to the method and path template; <c>expect</c>
/// holds the request's checks (see <see cref="ResponseExpectation"/>).
/// </summary>
public static class RequestMixFile
{
    private static readonly string[] FileFields = ["requests"];
    private static readonly string[] RequestFields = ["name", "weight", "method", "path", "url", "headers", "body", "expect"];

    /// <summary>Parses the file's text; throws <see cref="FormatException"/> with a one-line reason.</summary>
    public static IReadOnlyList<RequestDefinition> Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new FormatException($"not valid JSON: {ex.Message.Split('\n')[0]}");
        }

        using (document)
        {
            var root = document.RootElement;
            var list = root.ValueKind == JsonValueKind.Array ? root
                : root.ValueKind == JsonValueKind.Object && CheckFields(root, FileFields, "the file") && root.TryGetProperty("requests", out var requests) ? requests
                : throw new FormatException("expected an object with a \"requests\" array");
            if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
            {
                throw new FormatException("\"requests\" must be a non-empty array");
            }

            var definitions = new List<RequestDefinition>();
            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                definitions.Add(ParseRequest(item, index++));
            }

            return definitions;
        }
    }

    private static RequestDefinition ParseRequest(JsonElement item, int index)
    {
        var where = $"requests[{index}]";
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{where} must be an object");
        }

        CheckFields(item, RequestFields, where);

        var method = OptionalString(item, "method", where) ?? "GET";
        var path = OptionalString(item, "path", where) ?? OptionalString(item, "url", where)
            ?? throw new FormatException($"{where} has no \"path\"");
        var weight = 1.0;
        if (item.TryGetProperty("weight", out var weightElement))
        {
            if (weightElement.ValueKind != JsonValueKind.Number || !weightElement.TryGetDouble(out weight) || !(weight > 0) || double.IsInfinity(weight))
            {
                throw new FormatException($"{where}.weight must be a positive number");
            }
        }

        var headers = new List<KeyValuePair<string, string>>();
        if (item.TryGetProperty("headers", out var headerElement))
        {
            if (headerElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"{where}.headers must be an object of names and values");
            }

            foreach (var header in headerElement.EnumerateObject())
            {
                if (header.Value.ValueKind != JsonValueKind.String)
                {
                    throw new FormatException($"{where}.headers.{header.Name} must be a string");
                }

                headers.Add(new(header.Name, header.Value.GetString()!));
            }
        }

        var body = OptionalString(item, "body", where);
        var name = OptionalString(item, "name", where) ?? RequestName.Default(method, path);
        return new RequestDefinition(name, weight, method, path, headers, body)
        {
            Expect = item.TryGetProperty("expect", out var expect) ? ExpectationJson.Parse(expect, where) : null,
        };
    }

    /// <summary>A misspelt field would otherwise be ignored and its default silently used (a weight of 1, GET).</summary>
    internal static bool CheckFields(JsonElement item, string[] known, string where)
    {
        foreach (var property in item.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                var hint = NearestName.Find(property.Name, known) is { } nearest ? $" (did you mean \"{nearest}\"?)" : string.Empty;
                throw new FormatException($"{where}: unknown field \"{property.Name}\"{hint}; the fields are {string.Join(", ", known)}");
            }
        }

        return true;
    }

    internal static string? OptionalString(JsonElement item, string property, string where)
    {
        if (!item.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new FormatException($"{where}.{property} must be a string");
    }
}
