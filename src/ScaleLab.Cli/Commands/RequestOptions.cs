using System.CommandLine;
using ScaleLab.Load.Engine;
using ScaleLab.Load.Flows;
using ScaleLab.Cli.Targets;
using ScaleLab.Load.Http;
using ScaleLab.Load.Requests;
using static ScaleLab.Cli.Commands.OptionParsing;

namespace ScaleLab.Cli.Commands;

/// <summary>
/// The options that say what to send, shared by every command that loads a target (<c>run</c>, <c>diagnose</c>):
/// <c>-m</c>, <c>-H</c>, <c>--body</c>, <c>--body-file</c>, <c>--requests-file</c>, <c>--http2</c>, <c>--insecure</c>.
/// Each command makes its own instance, since an option belongs to one command.
/// </summary>
internal sealed class RequestOptions
{
    public Option<string> Method { get; } = new("--method", "-m") { Description = "HTTP method.", DefaultValueFactory = _ => "GET" };

    public Option<string[]> Headers { get; } = new("--header", "-H") { Description = "A header 'Name: value' (repeatable; Content-Length and Transfer-Encoding are computed, not given).", AllowMultipleArgumentsPerToken = false };

    public Option<string?> Body { get; } = new("--body") { Description = "Request body (templates allowed, e.g. {{randomInt 1 100}})." };

    public Option<string?> BodyFile { get; } = new("--body-file") { Description = "Request body from a file." };

    public Option<string?> RequestsFile { get; } = new("--requests-file") { Description = "A JSON mix of weighted requests (see README)." };

    public Option<string?> Flow { get; } = new("--flow") { Description = "A JSON user flow: steps run in order by each virtual user, with cookies, checks, extracted values and think time (see docs/flows.md)." };

    public Option<bool> Http2 { get; } = new("--http2") { Description = "HTTP/2 only, never a fall back to HTTP/1.1: h2c with prior knowledge on http://, ALPN on https://." };

    public Option<bool> Insecure { get; } = new("--insecure", "-k") { Description = "Accept any TLS certificate (self-signed test servers)." };

    /// <summary>Every option, in the order help lists them.</summary>
    /// <summary>True when the user gave a request mix of their own.</summary>
    public bool HasRequestsFile(ParseResult parse) => parse.GetValue(RequestsFile) is not null;

    public IEnumerable<Option> All => [Method, Headers, Body, BodyFile, RequestsFile, Flow, Http2, Insecure];

    /// <summary>True when the user gave a flow file.</summary>
    public bool HasFlow(ParseResult parse) => parse.GetValue(Flow) is not null;

    /// <summary>
    /// The flow of <c>--flow</c>, checked whole (variables, regular expressions, the data file) so that a mistake is
    /// one line before any load; null without <c>--flow</c>.
    /// </summary>
    /// <param name="parse">The command line.</param>
    /// <param name="uri">The target, when known: a step's absolute URL must be on its origin.</param>
    public FlowDefinition? ReadFlow(ParseResult parse, Uri? uri = null)
    {
        if (parse.GetValue(Flow) is not { } file)
        {
            return null;
        }

        var spec = ReadSpec(parse);
        try
        {
            var flow = spec.ParseFlow(FlowDirectory(parse))!;
            (FlowTargets.Create(uri ?? new Uri("http://127.0.0.1/"), flow, new LoadOptions()) as IDisposable)?.Dispose();
            return flow;
        }
        catch (FormatException ex)
        {
            throw new UsageException($"{file}: {ex.Message}");
        }
    }

    /// <summary>The lab's own flow (samples/lab-flow.json, built into the tool), for <c>diagnose</c> without a URL.</summary>
    public FlowDefinition LabFlow(ParseResult parse) =>
        new RequestSpec { Flow = LabSampleFiles.FlowText, Headers = ParseHeaders(parse.GetValue(Headers)) }.ParseFlow(AppContext.BaseDirectory)!;

    /// <summary>The folder a flow's data file is read from (the flow file's); null without <c>--flow</c>.</summary>
    public string? FlowDirectory(ParseResult parse) =>
        parse.GetValue(Flow) is { } file ? Path.GetDirectoryName(Path.GetFullPath(file))! : null;

    /// <summary>
    /// What to send, as data: the same spec makes the clients here (<see cref="RequestSpec.CreateFactory"/>) and on
    /// a load agent, which gets the files' text (and a flow's data file) since it cannot read this machine's files.
    /// </summary>
    public RequestSpec ReadSpec(ParseResult parse)
    {
        var flowFile = parse.GetValue(Flow);
        var requestsFile = parse.GetValue(RequestsFile);
        if (flowFile is not null && (requestsFile is not null || parse.GetValue(Body) is not null || parse.GetValue(BodyFile) is not null
            || parse.GetResult(Method) is { Implicit: false }))
        {
            throw new UsageException("--flow defines the requests: drop --requests-file, --body, --body-file and -m");
        }

        if (requestsFile is not null && (parse.GetValue(Body) is not null || parse.GetValue(BodyFile) is not null))
        {
            throw new UsageException("--requests-file defines the bodies: drop --body and --body-file");
        }

        var body = parse.GetValue(Body);
        if (parse.GetValue(BodyFile) is { } bodyFile)
        {
            body = body is null ? ReadFile(bodyFile, "--body-file") : throw new UsageException("give --body or --body-file, not both");
        }

        var flowText = flowFile is null ? null : ReadFile(flowFile, "--flow");
        var flowFiles = new Dictionary<string, string>(StringComparer.Ordinal);
        if (flowText is not null && RequestSpec.FlowDataFile(flowText) is { } dataFile)
        {
            var path = Path.Combine(FlowDirectory(parse)!, dataFile);
            if (File.Exists(path))
            {
                flowFiles[dataFile] = ReadFile(path, "--flow's data file");
            }
        }

        return new RequestSpec
        {
            Method = parse.GetValue(Method)!,
            Headers = ParseHeaders(parse.GetValue(Headers)),
            Body = body,
            Http2 = parse.GetValue(Http2),
            Insecure = parse.GetValue(Insecure),
            RequestsFile = requestsFile is null ? null : ReadFile(requestsFile, "--requests-file"),
            Flow = flowText,
            FlowFiles = flowFiles,
        };
    }

    /// <summary>The requests to send to <paramref name="uri"/>.</summary>
    public RequestMix ReadMix(ParseResult parse, Uri uri)
    {
        var spec = ReadSpec(parse) with { Flow = null };
        try
        {
            return spec.Mix(uri);
        }
        catch (FormatException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    /// <summary>The client factory that sends <paramref name="mix"/> (or runs <paramref name="flow"/> against its URL) under <paramref name="options"/>.</summary>
    public ILoadClientFactory CreateFactory(ParseResult parse, RequestMix mix, LoadOptions options, FlowDefinition? flow = null)
    {
        try
        {
            return flow is not null
                ? FlowTargets.Create(mix.BaseUri, flow, options, parse.GetValue(Http2), parse.GetValue(Insecure))
                : HttpTargets.Create(mix, options, parse.GetValue(Http2), parse.GetValue(Insecure));
        }
        catch (FormatException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    /// <summary>The client factory that sends what <paramref name="spec"/> says to <paramref name="uri"/>, as an agent makes it.</summary>
    public ILoadClientFactory CreateFactory(ParseResult parse, RequestSpec spec, Uri uri, LoadOptions options)
    {
        try
        {
            return spec.CreateFactory(uri, options, FlowDirectory(parse));
        }
        catch (FormatException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    private static List<KeyValuePair<string, string>> ParseHeaders(string[]? headers)
    {
        var parsed = new List<KeyValuePair<string, string>>();
        foreach (var header in headers ?? [])
        {
            var colon = header.IndexOf(':');
            if (colon <= 0)
            {
                throw new UsageException($"header '{header}' is not 'Name: value'");
            }

            parsed.Add(new(header[..colon].Trim(), header[(colon + 1)..].Trim()));
        }

        return parsed;
    }
}
