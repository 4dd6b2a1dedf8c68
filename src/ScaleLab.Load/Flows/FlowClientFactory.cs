using System.Net;
using ScaleLab.Load.Engine;
using ScaleLab.Load.Http;
using ScaleLab.Load.Http1;
using ScaleLab.Load.Requests;

namespace ScaleLab.Load.Flows;

/// <summary>Makes a flow's virtual users (<see cref="FlowClient"/>), each on its own HTTP/1.1 connection.</summary>
/// <remarks>
/// <c>http://</c> goes through the engine's own HTTP/1.1 client; <c>https://</c> and HTTP/2 through one
/// <see cref="HttpClient"/> shared by the run, as a mix's requests do.
/// </remarks>
internal sealed class FlowClientFactory(CompiledFlow flow, int seed, HttpClient? httpClient) : ILoadClientFactory, IStepClientFactory, INamedRequests, IDisposable
{
    private readonly string _hostHeader = Http1RequestEncoder.HostHeaderFor(flow.BaseUri);
    private EndPoint? _endPoint;

    public string Target => flow.BaseUri.ToString();

    public RequestTable? Requests => flow.Table;

    public async ValueTask ProbeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        _endPoint = await TargetResolver.ResolveAsync(flow.BaseUri, timeout, cancellationToken).ConfigureAwait(false);
        await TargetResolver.CheckConnectAsync(flow.BaseUri, _endPoint, timeout, cancellationToken).ConfigureAwait(false);
    }

    public ILoadClient CreateClient(int index, CancellationToken abort) =>
        throw new InvalidOperationException("a flow's clients record their steps: the engine makes them with a step recorder");

    public ILoadClient CreateClient(int index, CancellationToken abort, IStepRecorder steps)
    {
        var endPoint = _endPoint ?? throw new InvalidOperationException("ProbeAsync must run before clients are made");
        return new FlowClient(flow, httpClient is null ? endPoint : null, httpClient, _hostHeader, index, new Random(ClientSeed.For(seed, index)), steps, abort);
    }

    public void Dispose() => httpClient?.Dispose();
}
