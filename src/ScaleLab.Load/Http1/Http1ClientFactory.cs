using System.Net;
using ScaleLab.Load.Engine;
using ScaleLab.Load.Http;
using ScaleLab.Load.Http1.Transport;
using ScaleLab.Load.Requests;

namespace ScaleLab.Load.Http1;

/// <summary>Makes the raw-socket HTTP/1.1 connections of a run against an <c>http://</c> target.</summary>
internal sealed class Http1ClientFactory(RequestMix mix, int seed) : ILoadClientFactory, IRunWarningSource, INamedRequests
{
    public RequestTable? Requests => mix.Table;

    private long _refusedBefore;

    private readonly string _hostHeader = Http1RequestEncoder.HostHeaderFor(mix.BaseUri);
    private byte[]?[]? _staticRequests;
    private EndPoint? _endPoint;

    public string Target => mix.BaseUri.ToString();

    public async ValueTask ProbeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        _endPoint = await TargetResolver.ResolveAsync(mix.BaseUri, timeout, cancellationToken).ConfigureAwait(false);
        await TargetResolver.CheckConnectAsync(mix.BaseUri, _endPoint, timeout, cancellationToken).ConfigureAwait(false);
        _staticRequests = Http1RequestEncoder.EncodeStatic(mix, _hostHeader);
        // Once per run, before its connections: sized from the file limit and what the process holds now.
        SocketBudget.Refresh();
        _refusedBefore = SocketBudget.Refused;
    }

    public IReadOnlyList<string> RunWarnings()
    {
        var refused = SocketBudget.Refused - _refusedBefore;
        var limit = FileDescriptorLimit.TryGetSoftLimit(out var soft) ? $" (the process may open {soft} files)" : string.Empty;
        return refused > 0
            ? [$"{refused} connections could not be opened for lack of file descriptors{limit}: they count as connect errors, but the generator, not the target, refused them; raise ulimit -n"]
            : [];
    }

    public ILoadClient CreateClient(int index, CancellationToken abort)
    {
        var endPoint = _endPoint ?? throw new InvalidOperationException("ProbeAsync must run before clients are made");
        var encoder = new Http1RequestEncoder(mix, _hostHeader, new Random(ClientSeed.For(seed, index)), _staticRequests!);
        return new Http1Client(endPoint, index, encoder, abort);
    }
}
