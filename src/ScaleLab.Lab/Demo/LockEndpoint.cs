namespace ScaleLab.Lab.Demo;

/// <summary>
/// One global lock around 5 ms of waiting: at most about 200 requests a second whatever the users, with the CPU idle
/// (contention).
/// </summary>
internal sealed class LockEndpoint : IDemoEndpoint
{
    private static readonly TimeSpan Wait = TimeSpan.FromMilliseconds(5);
    private readonly SemaphoreSlim _gate = new(1);

    public string Path => "/lock";

    public string Description => "waits 5 ms inside one global lock: contention";

    public async Task<string> HandleAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await Task.Delay(Wait, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }

        return "locked\n";
    }
}
