using System.Text.Json;
using ScaleLab.Load.Engine;
using ScaleLab.Load.Flows;
using ScaleLab.Load.Http;

namespace ScaleLab.Load.Requests;

/// <summary>
/// What to send, as data that can travel (to a load agent, in JSON): one request, a mix file's text, or a flow
/// file's text with its data file's contents. <see cref="CreateFactory"/> turns it into the clients of a run, here or
/// on an agent, by the same code. A flow's code steps (C# delegates) cannot travel: a spec holds only files' text.
/// </summary>
public sealed record RequestSpec
{
    /// <summary>The method of a single request.</summary>
    public string Method { get; init; } = "GET";

    /// <summary>Headers sent with every request (of a mix, of every step of a flow).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The body of a single request (templates allowed); null: none.</summary>
    public string? Body { get; init; }

    /// <summary>HTTP/2 only.</summary>
    public bool Http2 { get; init; }

    /// <summary>Accept any TLS certificate.</summary>
    public bool Insecure { get; init; }

    /// <summary>The text of a requests file (a weighted mix); null: a single request.</summary>
    public string? RequestsFile { get; init; }

    /// <summary>The text of a flow file; null: no flow.</summary>
    public string? Flow { get; init; }

    /// <summary>The flow's data files' contents, by the name the flow gives them (<c>data.file</c>).</summary>
    public IReadOnlyDictionary<string, string> FlowFiles { get; init; } = new Dictionary<string, string>();

    /// <summary>The requests to send to <paramref name="target"/> (for a flow: only its base URL counts).</summary>
    /// <exception cref="FormatException">The requests file is not a valid mix.</exception>
    public RequestMix Mix(Uri target) => RequestsFile is { } file
        ? RequestMix.Create(target, [.. RequestMixFile.Parse(file).Select(d => d with { Headers = [.. Headers, .. d.Headers] })])
        : RequestMix.Single(target, Method, Headers, Body);

    /// <summary>
    /// The flow, its data file read from <paramref name="baseDirectory"/> (null: from <see cref="FlowFiles"/>),
    /// <see cref="Headers"/> added to its HTTP steps; null without a flow.
    /// </summary>
    /// <exception cref="FormatException">The flow is not valid.</exception>
    public FlowDefinition? ParseFlow(string? baseDirectory)
    {
        if (Flow is null)
        {
            return null;
        }

        FlowDefinition flow;
        if (baseDirectory is not null)
        {
            flow = FlowFile.Parse(Flow, baseDirectory);
        }
        else
        {
            // The data file travelled as text: the parser reads files, so it gets a folder of its own for a moment.
            var folder = Directory.CreateTempSubdirectory("scalelab-flow-");
            try
            {
                foreach (var (name, content) in FlowFiles)
                {
                    if (Path.IsPathRooted(name) || name.Split('/', '\\').Contains(".."))
                    {
                        throw new FormatException($"data file '{name}' must be a path inside the flow's folder");
                    }

                    var path = Path.Combine(folder.FullName, name);
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    File.WriteAllText(path, content);
                }

                flow = FlowFile.Parse(Flow, folder.FullName);
            }
            finally
            {
                folder.Delete(recursive: true);
            }
        }

        return Headers.Count == 0 ? flow : flow with
        {
            Steps = [.. flow.Steps.Select(step => step is HttpStep http ? http with { Headers = [.. Headers, .. http.Headers] } : step)],
        };
    }

    /// <summary>
    /// The client factory of a run against <paramref name="target"/> under <paramref name="options"/>; a flow's
    /// data file is read from <paramref name="flowDirectory"/> (null: from <see cref="FlowFiles"/>).
    /// </summary>
    /// <exception cref="FormatException">Something of the spec is not valid (one line).</exception>
    public ILoadClientFactory CreateFactory(Uri target, LoadOptions options, string? flowDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        return ParseFlow(flowDirectory) is { } flow
            ? FlowTargets.Create(target, flow, options, Http2, Insecure)
            : HttpTargets.Create(Mix(target), options, Http2, Insecure);
    }

    /// <summary>The data file a flow's text names (<c>data.file</c>), or null when it names none or is not valid JSON.</summary>
    public static string? FlowDataFile(string flowJson)
    {
        try
        {
            using var document = JsonDocument.Parse(flowJson, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                && data.TryGetProperty("file", out var file) && file.ValueKind == JsonValueKind.String
                ? file.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
