using ScaleLab.Load.Engine;

namespace ScaleLab.Load.Flows;

/// <summary>Makes the client factory that runs a flow against a target (see <see cref="FlowDefinition"/> for an example).</summary>
public static class FlowTargets
{
    /// <summary>
    /// A factory whose virtual users run <paramref name="flow"/> against <paramref name="baseUri"/>: each operation of
    /// the run is one iteration of the flow, each step recorded under its name. Throws <see cref="FormatException"/>
    /// with a one-line reason for a flow that can't run (a variable no earlier step sets, a bad regular expression).
    /// </summary>
    /// <remarks>
    /// <c>http://</c> runs over the engine's own HTTP/1.1 client; <c>https://</c>, and <paramref name="http2"/>, over
    /// <see cref="System.Net.Http.SocketsHttpHandler"/> (HTTP/2 exactly, never a fall back). <paramref name="insecure"/>
    /// accepts any TLS certificate.
    /// </remarks>
    /// <param name="baseUri">The run's URL: scheme, host and port of every step.</param>
    /// <param name="flow">The flow.</param>
    /// <param name="options">The run's options (its seed, connections and timeout).</param>
    /// <param name="http2">HTTP/2 only.</param>
    /// <param name="insecure">Accept any TLS certificate (self-signed test servers).</param>
    public static ILoadClientFactory Create(Uri baseUri, FlowDefinition flow, LoadOptions options, bool http2 = false, bool insecure = false)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(options);
        if (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps)
        {
            throw new FormatException($"'{baseUri}' is not an http:// or https:// URL");
        }

        var compiled = CompiledFlow.Compile(baseUri, flow);
        var connections = options.Model == LoadModel.Closed ? options.Connections : options.MaxConnections;
        return new FlowClientFactory(compiled, options.Seed,
            baseUri.Scheme == Uri.UriSchemeHttp && !http2 ? null : Http.HttpClientLoadClientFactory.CreateHttpClient(http2, insecure, connections, options.Timeout));
    }
}
