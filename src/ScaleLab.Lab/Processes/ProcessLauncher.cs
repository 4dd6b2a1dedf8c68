using System.Collections.Concurrent;
using System.Diagnostics;

namespace ScaleLab.Lab.Processes;

/// <summary>
/// Starts the lab's child processes so that none outlives the supervisor, even when the supervisor is killed with
/// SIGKILL and has no chance to clean up.
/// </summary>
/// <remarks>
/// Every child is started through util-linux's <c>setpriv --pdeathsig KILL</c>: the kernel sends the child SIGKILL
/// when its parent dies. Two details make that hold:
/// <list type="bullet">
/// <item>Linux ties the parent-death signal to the <em>thread</em> that forked the child, not the process: a child
/// forked from a thread-pool thread would be killed when the pool retires that idle thread. All forks therefore
/// happen on one dedicated thread that lives as long as the process.</item>
/// <item>The kernel clears the setting when credentials change; <c>setpriv</c> changes the user first (for
/// PostgreSQL, which refuses to run as root) and sets the signal last, right before <c>exec</c>.</item>
/// </list>
/// Replicas also get <c>--parent-pid</c> and set the signal themselves; redis-server and postgres cannot, so
/// setpriv does it for them. PostgreSQL's own backends leave when their postmaster dies.
/// </remarks>
internal sealed class ProcessLauncher
{
    private const string SetPriv = "/usr/bin/setpriv";
    private const string SetSid = "/usr/bin/setsid";

    /// <summary>The load engine's setting (the CLI's EngineEnvironment) that no child process inherits.</summary>
    internal const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    private readonly BlockingCollection<(ProcessStartInfo Info, TaskCompletionSource<Process> Started)> _requests = new();

    private ProcessLauncher()
    {
        var thread = new Thread(Fork) { IsBackground = true, Name = "scalelab child launcher" };
        thread.Start();
    }

    /// <summary>The one launcher of this process (one forking thread for all children).</summary>
    public static ProcessLauncher Shared { get; } = new();

    public static bool CanGuardChildren => File.Exists(SetPriv);

    public Task<Process> StartAsync(ChildProcessSpec spec)
    {
        var info = CreateStartInfo(spec);
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests.Add((info, started));
        return started.Task;
    }

    internal static ProcessStartInfo CreateStartInfo(ChildProcessSpec spec)
    {
        if (!CanGuardChildren)
        {
            throw new InvalidOperationException($"{SetPriv} (Debian's util-linux) is missing: the lab needs it so that no child process outlives it");
        }

        // setsid: the child gets its own session, so a Ctrl-C in the terminal reaches the supervisor only, which
        // then stops the children in order (balancer first, replicas drained, then the store and the databases).
        // It does not fork (the child is not a group leader) and keeps the parent-death signal.
        var sid = File.Exists(SetSid);
        var info = new ProcessStartInfo(sid ? SetSid : SetPriv)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = spec.WorkingDirectory ?? Environment.CurrentDirectory,
        };
        if (sid)
        {
            info.ArgumentList.Add(SetPriv);
        }

        if (spec.User is { } user)
        {
            info.ArgumentList.Add($"--reuid={user}");
            info.ArgumentList.Add($"--regid={user}");
            info.ArgumentList.Add("--init-groups");
        }

        info.ArgumentList.Add("--pdeathsig");
        info.ArgumentList.Add("KILL");
        info.ArgumentList.Add("--");
        info.ArgumentList.Add(spec.FileName);
        foreach (var argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment[LabProcessMarker.Variable] = spec.RunId;
        // A replica must not inherit the supervisor's own tuning (e.g. a test host's), nor its debugger hooks, nor
        // the load generator's inline socket completions: a server that runs them stalls whenever a continuation
        // blocks (Npgsql's synchronous query cancellation froze a replica for seconds after clients gave up).
        info.Environment.Remove("DOTNET_STARTUP_HOOKS");
        info.Environment.Remove(InlineCompletions);
        foreach (var (name, value) in spec.Environment)
        {
            info.Environment[name] = value;
        }

        return info;
    }

    private void Fork()
    {
        foreach (var (info, started) in _requests.GetConsumingEnumerable())
        {
            try
            {
                var process = new Process { StartInfo = info, EnableRaisingEvents = true };
                process.Start();
                started.SetResult(process);
            }
            catch (Exception ex)
            {
                started.SetException(ex);
            }
        }
    }
}
