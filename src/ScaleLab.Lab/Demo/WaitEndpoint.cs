namespace ScaleLab.Lab.Demo;

/// <summary>Pure parallel waiting: 10 ms each, nothing shared, so N users get N times the throughput (healthy).</summary>
internal sealed class WaitEndpoint : IDemoEndpoint
{
    private static readonly TimeSpan Wait = TimeSpan.FromMilliseconds(10);

    public string Path => "/wait";

    public string Description => "waits 10 ms, nothing shared: healthy";

    public async Task<string> HandleAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(Wait, cancellationToken);
        return "waited\n";
    }
}
