using System.Text.Json;
using ScaleLab.Core.Results;
using ScaleLab.Lab.Processes;

namespace ScaleLab.Lab.Supervisor;

/// <summary>
/// A lab that <c>scalelab lab up</c> runs in a child process, registered in a state directory of its own. Its
/// balancer and store then live in a process apart from the caller's, so that a diagnosis watches them with the
/// replicas as the target instead of charging their CPU to the load generator (which would count the balancer's
/// work as the generator's, and hide the balancer from the saturation rule). It never meets the user's own lab
/// (another state directory), and dies with its parent (the parent-death signal every lab child gets).
/// </summary>
/// <example>
/// <code>
/// await using var lab = await ChildLab.StartAsync([.. ProcessCommand.ForCurrentProcess(), "lab", "up", "--port", "0"], TimeSpan.FromMinutes(2), ct);
/// var target = lab.EntryUrl;           // the balancer
/// var watched = lab.Pids;              // the supervisor (balancer and store) and every replica
/// </code>
/// </example>
public sealed class ChildLab : IAsyncDisposable
{
    private static readonly TimeSpan DownPatience = TimeSpan.FromSeconds(60);

    private readonly ChildProcess _process;
    private readonly LabControlClient _client;
    private readonly string _directory;

    private ChildLab(ChildProcess process, LabControlClient client, string directory, LabStatus status)
    {
        _process = process;
        _client = client;
        _directory = directory;
        Status = status;
    }

    /// <summary>Where load goes: the balancer.</summary>
    public Uri EntryUrl => new(_client.State.EntryUrl);

    /// <summary>The supervisor's process id: the balancer (YARP) and the embedded store run in it.</summary>
    public int SupervisorPid => _client.State.SupervisorPid;

    /// <summary>The lab's components as it reported them once ready.</summary>
    public LabStatus Status { get; }

    /// <summary>The replicas' process ids.</summary>
    public IReadOnlyList<int> ReplicaPids =>
        Status.Components.Where(c => c.Role == "replica" && c.Pid is not null).Select(c => c.Pid!.Value).ToArray();

    /// <summary>Every process of the lab's system that serves a request: the supervisor (balancer, embedded store), a store or balancer of its own, and the replicas.</summary>
    public IReadOnlyList<int> Pids =>
        Status.Components.Where(c => c.Role is "balancer" or "store" or "replica" && c.Pid is > 0).Select(c => c.Pid!.Value)
            .Prepend(SupervisorPid).Distinct().Order().ToArray();

    /// <summary>The lab as it is now, asked of its control endpoint.</summary>
    public Task<LabStatus> StatusAsync(CancellationToken cancellationToken) => _client.StatusAsync(cancellationToken);

    /// <summary>Changes the replica count live (new replicas join once healthy; removed ones drain) and returns the lab as it is then.</summary>
    public Task<LabStatus> ScaleAsync(int replicas, CancellationToken cancellationToken) => _client.ScaleAsync(replicas, cancellationToken);

    /// <summary>SIGKILLs replica <paramref name="id"/>, as a crash would; the lab restarts it.</summary>
    public Task<bool> KillReplicaAsync(int id, CancellationToken cancellationToken) => _client.KillReplicaAsync(id, cancellationToken);

    /// <summary>True once the lab's process has exited (it crashed, or was stopped).</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The start of the line the lab's command prints on stdout once the lab serves.</summary>
    public const string ReadyPrefix = "lab ready:";

    /// <summary>
    /// Runs <paramref name="command"/> (the program first: the caller's command that starts a lab on a free port and
    /// prints <see cref="ReadyPrefix"/> once it serves) and returns once it is ready. Throws
    /// <see cref="ChildProcessException"/> (with its last lines of output) when it exits first or is not ready within
    /// <paramref name="timeout"/>.
    /// </summary>
    public static async Task<ChildLab> StartAsync(IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentOutOfRangeException.ThrowIfZero(command.Count);
        var runId = LabRunIds.New();
        var directory = Path.Combine(LabPaths.Root(), "child-" + runId);
        LabPaths.CreatePrivateDirectory(directory);
        ChildProcess? process = null;
        try
        {
            process = await ChildProcess.StartAsync(new ChildProcessSpec("lab", command[0], [.. command.Skip(1)], runId)
            {
                Environment = new Dictionary<string, string> { ["SCALELAB_LAB_DIR"] = directory },
            });
            await process.WaitForLineAsync(line => line.StartsWith(ReadyPrefix, StringComparison.Ordinal), timeout, cancellationToken);
            var state = JsonSerializer.Deserialize<LabState>(await File.ReadAllTextAsync(LabPaths.StateFile(directory), cancellationToken), ResultJson.Options)
                ?? throw new ChildProcessException("the lab started but wrote no state");
            var client = new LabControlClient(state);
            try
            {
                return new ChildLab(process, client, directory, await client.StatusAsync(cancellationToken));
            }
            catch
            {
                client.Dispose();
                throw;
            }
        }
        catch
        {
            if (process is not null)
            {
                await process.DisposeAsync();
            }

            TryDelete(directory);
            throw;
        }
    }

    /// <summary>Asks the lab to stop (it drains and stops every process of its run), insists if it does not, and removes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited && await _client.DownAsync(DownPatience, CancellationToken.None) == LabDownOutcome.TimedOut)
            {
                _client.Kill();
            }
        }
        finally
        {
            _client.Dispose();
            await _process.DisposeAsync();
            TryDelete(_directory);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a later lab's stale-run cleanup removes what is left.
        }
    }
}
