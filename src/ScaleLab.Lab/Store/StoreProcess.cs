using ScaleLab.Lab.Processes;
using ScaleLab.Lab.Supervisor;

namespace ScaleLab.Lab.Store;

/// <summary>
/// The lab's Garnet store in a process of its own (the caller's <c>lab store</c> command), so that an experiment
/// watches its CPU apart from the balancer's: a lab started with <c>--store</c> and this store's URL uses it as an
/// external store. It dies with its parent, like every lab child.
/// </summary>
public sealed class StoreProcess : IAsyncDisposable
{
    /// <summary>The start of the line the store's command prints once it answers, followed by its URL.</summary>
    public const string ReadyPrefix = "ready ";

    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    private readonly ChildProcess _process;

    private StoreProcess(ChildProcess process, string url)
    {
        _process = process;
        Url = url;
    }

    /// <summary>Its <c>redis://127.0.0.1:PORT</c> URL.</summary>
    public string Url { get; }

    /// <summary>Its process id.</summary>
    public int Pid => _process.Pid;

    /// <summary>
    /// Runs <paramref name="command"/> (the program first) and returns once it printed <see cref="ReadyPrefix"/> and a
    /// URL; throws <see cref="ChildProcessException"/> when it exits first or is not ready within <paramref name="timeout"/>.
    /// </summary>
    public static async Task<StoreProcess> StartAsync(IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentOutOfRangeException.ThrowIfZero(command.Count);
        var process = await ChildProcess.StartAsync(new ChildProcessSpec("store", command[0], [.. command.Skip(1)], LabRunIds.New()));
        try
        {
            var line = await process.WaitForLineAsync(l => l.StartsWith(ReadyPrefix + "redis://", StringComparison.Ordinal), timeout, cancellationToken);
            return new StoreProcess(process, line[ReadyPrefix.Length..].Trim());
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGTERM, then SIGKILL after a grace.</summary>
    public async ValueTask DisposeAsync()
    {
        await _process.StopAsync(StopGrace);
        await _process.DisposeAsync();
    }
}
