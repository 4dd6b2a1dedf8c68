namespace ScaleLab.Lab.Demo;

/// <summary>Slow for everyone and no slower under load: 300 ms of waiting, nothing shared (a performance problem).</summary>
internal sealed class SlowEndpoint : IDemoEndpoint
{
    private static readonly TimeSpan Wait = TimeSpan.FromMilliseconds(300);

    public string Path => "/slow";

    public string Description => "waits 300 ms, nothing shared: a performance problem";

    public async Task<string> HandleAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(Wait, cancellationToken);
        return "slow\n";
    }
}
