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
    /// <remarks>Flows run over the engine's own HTTP/1.1 client: <c>http://</c> targets only, for now.</remarks>
    public static ILoadClientFactory Create(Uri baseUri, FlowDefinition flow, LoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(options);
        if (baseUri.Scheme != Uri.UriSchemeHttp)
        {
            throw new FormatException($"'{baseUri}': flows run over http:// for now (https:// and HTTP/2 are not supported with --flow yet)");
        }

        return new FlowClientFactory(CompiledFlow.Compile(baseUri, flow), options.Seed);
    }
}
