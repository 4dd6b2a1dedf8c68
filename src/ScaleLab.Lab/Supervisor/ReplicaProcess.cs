using System.Net;
using ScaleLab.Lab.Balancer;
using ScaleLab.Lab.Processes;
using ScaleLab.Lab.Service;

namespace ScaleLab.Lab.Supervisor;

/// <summary>
/// One replica process as the supervisor runs it: started with <c>lab replica</c> and the replica contract's options
/// (<see cref="ReplicaOptions"/>), ready when it prints <c>ready http://127.0.0.1:PORT</c> and <c>/healthz</c>
/// answers 200, stopped with SIGTERM (it drains, then exits 0).
/// </summary>
internal sealed class ReplicaProcess : IAsyncDisposable
{
    private static readonly HttpClient Health = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.Zero })
    {
        Timeout = TimeSpan.FromSeconds(5),
    };

    private readonly ChildProcess _process;

    private ReplicaProcess(int id, ChildProcess process, Uri address, TimeSpan startup)
    {
        Id = id;
        _process = process;
        Address = address;
        Startup = startup;
    }

    public int Id { get; }

    public string DestinationId => $"replica-{Id}";

    public int Pid => _process.Pid;

    public Uri Address { get; }

    public int Port => Address.Port;

    public TimeSpan Startup { get; }

    public Task<int> Exited => _process.Exited;

    public bool HasExited => _process.HasExited;

    /// <summary>Set by the supervisor before it stops the replica on purpose: its exit is then not a crash.</summary>
    public bool Stopping { get; set; }

    public BalancerDestination Destination => new(DestinationId, Address);

    public IReadOnlyList<string> RecentOutput() => _process.RecentOutput();

    public static async Task<ReplicaProcess> StartAsync(
        int id,
        ReplicaLauncher launcher,
        ReplicaOptions options,
        string runId,
        string workingDirectory,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        var arguments = launcher.Arguments(options with { ReplicaId = id, Port = 0, ParentPid = Environment.ProcessId });
        var process = await ChildProcess.StartAsync(new ChildProcessSpec($"replica {id}", launcher.Program, arguments, runId)
        {
            WorkingDirectory = workingDirectory,
            Environment = launcher.Environment(),
        });
        try
        {
            var line = await process.WaitForLineAsync(l => l.StartsWith(ReplicaOptions.ReadyPrefix, StringComparison.Ordinal), timeout, cancellationToken);
            var address = new Uri(line[ReplicaOptions.ReadyPrefix.Length..].Trim());
            if (launcher.Cores(id) is { Count: > 0 } cores)
            {
                // Pinned once it runs (and before it serves its first request): a .NET process has started its threads by now.
                CpuAffinity.Apply(process.Pid, cores);
            }

            await WaitHealthyAsync(process, address, timeout, cancellationToken);
            return new ReplicaProcess(id, process, address, TimeProvider.System.GetElapsedTime(started));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGTERM: the replica stops accepting, finishes what it serves and exits; SIGKILL after <paramref name="grace"/>.</summary>
    public Task StopAsync(TimeSpan grace)
    {
        Stopping = true;
        return _process.StopAsync(grace);
    }

    /// <summary>SIGKILL, as a crash would (for tests and <c>lab audit --kill-one</c>).</summary>
    public void Kill() => _process.Signal(PosixNative.SigKill);

    public ValueTask DisposeAsync()
    {
        Stopping = true;
        return _process.DisposeAsync();
    }

    private static async Task WaitHealthyAsync(ChildProcess process, Uri address, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)(timeout.TotalSeconds * TimeProvider.System.TimestampFrequency);
        var health = new Uri(address, "/healthz");
        while (true)
        {
            try
            {
                using var response = await Health.GetAsync(health, cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The health request timed out.
            }

            if (process.HasExited || TimeProvider.System.GetTimestamp() > deadline)
            {
                var why = process.HasExited ? "exited" : "did not become healthy";
                throw new ChildProcessException($"{process.Role} (pid {process.Pid}) {why}: {string.Join("\n  ", process.RecentOutput().TakeLast(10))}");
            }

            await Task.Delay(50, cancellationToken);
        }
    }
}
