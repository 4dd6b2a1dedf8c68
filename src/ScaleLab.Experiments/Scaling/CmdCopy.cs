using System.Globalization;
using ScaleLab.Lab.Balancer;
using ScaleLab.Lab.Processes;

namespace ScaleLab.Experiments.Scaling;

/// <summary>
/// One copy of a <c>--cmd</c> server: its process group (started in a session of its own, with the parent-death
/// signal every lab child gets), its port, its cores, and its health.
/// </summary>
internal sealed class CmdCopy : IAsyncDisposable
{
    private static readonly HttpClient Probe = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.Zero })
    {
        Timeout = TimeSpan.FromSeconds(2),
    };

    private CmdCopy(int slot, int port, ChildProcess process, IReadOnlyList<int>? cores)
    {
        Slot = slot;
        Port = port;
        Process = process;
        Cores = cores;
    }

    public int Slot { get; }

    public int Port { get; }

    public ChildProcess Process { get; }

    /// <summary>The cores it is pinned to; null when not pinned.</summary>
    public IReadOnlyList<int>? Cores { get; }

    public string Name => $"replica-{Slot}";

    public Uri Address => new($"http://127.0.0.1:{Port}/");

    public BalancerDestination Destination => new(Name, Address);

    /// <summary>Set when we stop it: its exit is then no crash.</summary>
    public bool Stopping { get; set; }

    /// <summary>Starts copy <paramref name="slot"/> (from 1) of <paramref name="command"/> on a free port and returns once it answers its health check.</summary>
    /// <exception cref="ScaleSetupException">It exited, or did not answer in time: the message names it and its last line of output.</exception>
    public static async Task<CmdCopy> StartAsync(ServerCommand command, int slot, ScaleSize size, CmdScaledSystemOptions options, string runId, string directory, CancellationToken cancellationToken)
    {
        var port = LoopbackPort.GetFree();
        var (fileName, arguments) = command.ForPort(port);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        IReadOnlyList<int>? cores = null;
        if (size.Cpus is { } cpus)
        {
            cores = CpuAffinity.Cores(slot - 1, cpus, Environment.ProcessorCount);
            environment["DOTNET_PROCESSOR_COUNT"] = cpus.ToString(CultureInfo.InvariantCulture);
        }

        if (size.MemoryMb is { } mb)
        {
            environment["DOTNET_GCHeapHardLimit"] = "0x" + (mb * 1024L * 1024L).ToString("X", CultureInfo.InvariantCulture);
        }

        ChildProcess process;
        try
        {
            process = await ChildProcess.StartAsync(new ChildProcessSpec($"replica-{slot}", fileName, arguments, runId)
            {
                WorkingDirectory = directory,
                Environment = environment,
            });
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new ScaleSetupException($"--cmd: cannot start `{command.Text}`: {ex.Message}", ex);
        }

        var copy = new CmdCopy(slot, port, process, cores);
        try
        {
            copy.Pin();
            await copy.WaitHealthyAsync(command, options, cancellationToken);
            // Again once it serves: workers it forked while starting (nginx's) are pinned by inheritance, threads it
            // made before the first pin are caught here.
            copy.Pin();
            return copy;
        }
        catch
        {
            await copy.DisposeAsync();
            throw;
        }
    }

    /// <summary>True when it answers <paramref name="path"/> with a status below 500 now.</summary>
    public async Task<bool> IsHealthyAsync(string path, CancellationToken cancellationToken)
    {
        if (Process.HasExited)
        {
            return false;
        }

        try
        {
            using var response = await Probe.GetAsync(new Uri(Address, path), cancellationToken);
            return (int)response.StatusCode < 500;
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    /// <summary>SIGKILLs the whole group, as a crash would.</summary>
    public void Kill() => ProcessGroup.Signal(Process.Pid, ProcessGroup.SigKill);

    /// <summary>SIGTERM to the group, SIGKILL to what is left after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        Stopping = true;
        ProcessGroup.Signal(Process.Pid, 15);
        await Task.WhenAny(Process.Exited, Task.Delay(grace));
        // The group may outlive its leader (a shell's children): whatever is left goes now.
        ProcessGroup.Signal(Process.Pid, ProcessGroup.SigKill);
        await Task.WhenAny(Process.Exited, Task.Delay(TimeSpan.FromSeconds(5)));
    }

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited || ProcessGroup.Members(Process.Pid).Count > 0)
        {
            await StopAsync(TimeSpan.FromSeconds(2));
        }

        await Process.DisposeAsync();
    }

    private void Pin()
    {
        if (Cores is { } cores)
        {
            // Every process of the copy's group (a shell's commands, nginx's workers), each on every thread it has.
            foreach (var pid in ProcessGroup.Members(Process.Pid))
            {
                CpuAffinity.Apply(pid, cores);
            }
        }
    }

    private async Task WaitHealthyAsync(ServerCommand command, CmdScaledSystemOptions options, CancellationToken cancellationToken)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)(options.StartTimeout.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (!await IsHealthyAsync(options.HealthPath, cancellationToken))
        {
            if (Process.HasExited)
            {
                throw new ScaleSetupException($"--cmd: `{command.Text}` (copy {Slot}, port {Port}) exited with code {Process.Exited.Result} before it served{LastWords()}");
            }

            if (TimeProvider.System.GetTimestamp() > deadline)
            {
                throw new ScaleSetupException($"--cmd: `{command.Text}` (copy {Slot}) did not answer GET {options.HealthPath} on 127.0.0.1:{Port} within {options.StartTimeout.TotalSeconds:0} s{LastWords()}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private string LastWords()
    {
        var last = Process.RecentOutput().LastOrDefault(line => !string.IsNullOrWhiteSpace(line));
        return last is null ? "" : $": {last.Trim()}";
    }
}
