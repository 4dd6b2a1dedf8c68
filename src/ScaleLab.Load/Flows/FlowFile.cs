using System.Text.Json;
using ScaleLab.Load.Requests;

namespace ScaleLab.Load.Flows;

/// <summary>
/// Reads a flow file (<c>--flow</c>; its JSON Schema is <c>schemas/flow.schema.json</c>):
/// <code>
/// { "data": { "file": "users.csv", "per": "user", "order": "unique" },
///   "steps": [
///     { "name": "login", "method": "POST", "path": "/login",
///       "headers": { "Content-Type": "application/json" }, "body": "{\"userId\": {{userId}}}",
///       "expect": { "status": 200, "json": { "$.active": true } },
///       "extract": { "name": { "json": "$.name" } } },
///     { "name": "me", "path": "/me", "think": "200ms-1s", "expect": { "status": "2xx" } } ] }
/// </code>
/// </summary>
public static class FlowFile
{
    internal static readonly string[] FileFields = ["$schema", "session", "data", "steps"];
    internal static readonly string[] DataFields = ["file", "per", "order"];
    internal static readonly string[] StepFields = ["name", "method", "path", "url", "headers", "body", "think", "expect", "extract"];
    internal static readonly string[] ExtractFields = ["json", "header", "regex"];

    /// <summary>
    /// Parses the file's text; a data file's path is relative to <paramref name="baseDirectory"/> (the flow file's
    /// folder). Throws <see cref="FormatException"/> with a one-line reason.
    /// </summary>
    public static FlowDefinition Parse(string json, string baseDirectory)
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
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("expected an object with a \"steps\" array");
            }

            RequestMixFile.CheckFields(root, FileFields, "the flow");
            if (!root.TryGetProperty("steps", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
            {
                throw new FormatException("\"steps\" must be a non-empty array");
            }

            var steps = new List<FlowStep>();
            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                steps.Add(ParseStep(item, index++));
            }

            var session = RequestMixFile.OptionalString(root, "session", "the flow") switch
            {
                null or "iteration" => FlowSession.Iteration,
                "user" => FlowSession.User,
                var other => throw new FormatException($"session must be \"iteration\" or \"user\", not \"{other}\""),
            };
            return new FlowDefinition
            {
                Steps = steps,
                Session = session,
                Data = root.TryGetProperty("data", out var data) ? ParseData(data, baseDirectory) : null,
            };
        }
    }

    private static FlowData ParseData(JsonElement element, string baseDirectory)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("data must be an object with file, per and order");
        }

        RequestMixFile.CheckFields(element, DataFields, "data");
        var file = RequestMixFile.OptionalString(element, "file", "data") ?? throw new FormatException("data has no \"file\"");
        var path = Path.Combine(baseDirectory, file);
        if (!File.Exists(path))
        {
            throw new FormatException($"data file '{path}' does not exist");
        }

        var per = RequestMixFile.OptionalString(element, "per", "data") switch
        {
            null or "iteration" => FlowDataScope.Iteration,
            "user" => FlowDataScope.User,
            var other => throw new FormatException($"data.per must be \"iteration\" or \"user\", not \"{other}\""),
        };
        var order = RequestMixFile.OptionalString(element, "order", "data") switch
        {
            null or "sequential" => FlowDataOrder.Sequential,
            "random" => FlowDataOrder.Random,
            "unique" => FlowDataOrder.Unique,
            var other => throw new FormatException($"data.order must be \"sequential\", \"random\" or \"unique\", not \"{other}\""),
        };
        return FlowData.FromCsv(path) with { Per = per, Order = order };
    }

    private static HttpStep ParseStep(JsonElement item, int index)
    {
        var where = $"steps[{index}]";
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{where} must be an object");
        }

        RequestMixFile.CheckFields(item, StepFields, where);
        var method = RequestMixFile.OptionalString(item, "method", where) ?? "GET";
        var path = RequestMixFile.OptionalString(item, "path", where) ?? RequestMixFile.OptionalString(item, "url", where)
            ?? throw new FormatException($"{where} has no \"path\"");
        var headers = new List<KeyValuePair<string, string>>();
        if (item.TryGetProperty("headers", out var headerElement))
        {
            if (headerElement.ValueKind != JsonValueKind.Object || headerElement.EnumerateObject().Any(h => h.Value.ValueKind != JsonValueKind.String))
            {
                throw new FormatException($"{where}.headers must be an object of names and string values");
            }

            headers.AddRange(headerElement.EnumerateObject().Select(h => new KeyValuePair<string, string>(h.Name, h.Value.GetString()!)));
        }

        var extractions = new List<Extraction>();
        if (item.TryGetProperty("extract", out var extractElement))
        {
            if (extractElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"{where}.extract must be an object: variable name to {{\"json\": PATH}}, {{\"header\": NAME}} or {{\"regex\": PATTERN}}");
            }

            foreach (var variable in extractElement.EnumerateObject())
            {
                var at = $"{where}.extract.{variable.Name}";
                if (variable.Value.ValueKind != JsonValueKind.Object)
                {
                    throw new FormatException($"{at} must be {{\"json\": PATH}}, {{\"header\": NAME}} or {{\"regex\": PATTERN}}");
                }

                RequestMixFile.CheckFields(variable.Value, ExtractFields, at);
                var sources = variable.Value.EnumerateObject().ToList();
                if (sources.Count != 1 || sources[0].Value.ValueKind != JsonValueKind.String)
                {
                    throw new FormatException($"{at} must name one source: json, header or regex, with a string");
                }

                var source = sources[0].Name switch
                {
                    "json" => ExtractionSource.Json,
                    "header" => ExtractionSource.Header,
                    _ => ExtractionSource.Regex,
                };
                extractions.Add(new Extraction(variable.Name, source, sources[0].Value.GetString()!));
            }
        }

        ThinkTime? think = null;
        if (RequestMixFile.OptionalString(item, "think", where) is { } thinkText)
        {
            try
            {
                think = ThinkTime.Parse(thinkText);
            }
            catch (FormatException ex)
            {
                throw new FormatException($"{where}: {ex.Message}");
            }
        }

        return new HttpStep(RequestMixFile.OptionalString(item, "name", where) ?? RequestName.Default(method, path), method, path)
        {
            Headers = headers,
            Body = RequestMixFile.OptionalString(item, "body", where),
            Expect = item.TryGetProperty("expect", out var expect) ? ExpectationJson.Parse(expect, where) : null,
            Extract = extractions,
            Think = think,
        };
    }
}
