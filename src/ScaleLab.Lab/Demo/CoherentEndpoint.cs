namespace ScaleLab.Lab.Demo;

/// <summary>
/// Work that grows with the requests in flight, as coordination among them would: 5 + 0.05·n² ms for n in flight,
/// so throughput N / (5 + 0.05N²) ms peaks near N = 10 and falls past it (coherency).
/// </summary>
internal sealed class CoherentEndpoint : IDemoEndpoint
{
    private int _inFlight;

    public string Path => "/coherent";

    public string Description => "waits 5 + 0.05·n² ms for n requests in flight: coherency";

    public async Task<string> HandleAsync(CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _inFlight);
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(5 + 0.05 * n * n), cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }

        return "coordinated\n";
    }
}
