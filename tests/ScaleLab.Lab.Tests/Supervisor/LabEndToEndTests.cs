using System.Text.Json;
using ScaleLab.Core.Results;
using ScaleLab.Lab.Audit;
using ScaleLab.Lab.Processes;
using ScaleLab.Lab.Tests.Balancer;
using Xunit.Abstractions;

namespace ScaleLab.Lab.Tests.Supervisor;

/// <summary>The real <c>scalelab lab</c> commands, each lab in its own child process, on 127.0.0.1 only.</summary>
public sealed class LabEndToEndTests(ITestOutputHelper output)
{
    [Fact]
    public async Task UpStatusScaleDown_EndToEnd()
    {
        await using var lab = await RunningLab.StartAsync(output, "--replicas", "2");

        var status = await lab.StatusAsync();
        Assert.Equal(2, Replicas(status).Count);
        Assert.All(Replicas(status), r => Assert.Equal("ready", r.State));
        Assert.StartsWith("garnet", status.Store, StringComparison.Ordinal);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        Assert.Contains("\"id\":1", await http.GetStringAsync(new Uri(lab.EntryUrl, "/products/1")), StringComparison.Ordinal);

        var (second, secondOutput) = await lab.CliAsync("lab", "up", "--port", "0");
        // A lab already running is an unmet precondition (2), not a failed check (1).
        Assert.Equal(2, second);
        Assert.Contains("a lab is already running", secondOutput, StringComparison.Ordinal);

        var (scaled, scaleOutput) = await lab.CliAsync("lab", "scale", "3");
        Assert.True(scaled == 0, scaleOutput);
        status = await lab.StatusAsync();
        Assert.Equal(3, status.Replicas);
        Assert.Equal(3, Replicas(status).Select(r => r.Pid).Distinct().Count());
        Assert.All(Replicas(status), r => Assert.True(PosixNative.IsAlive(r.Pid!.Value)));

        var (down, downOutput) = await lab.CliAsync("lab", "down");
        Assert.True(down == 0, downOutput);
        Assert.Equal(0, await lab.Supervisor.Exited.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Empty(LabProcessMarker.FindProcesses(lab.RunId));
        Assert.False(File.Exists(Path.Combine(lab.Directory, "state.json")));
        Assert.False(Directory.Exists(lab.State.RunDirectory));
    }

    [Fact]
    public async Task SupervisorKilled_NoProcessOfTheLabRemains()
    {
        // Every kind of child: replicas, redis-server, a PostgreSQL postmaster and its backends.
        await using var lab = await RunningLab.StartAsync(output, "--replicas", "2", "--store", "redis", "--db", "postgres", "--shards", "1");
        var status = await lab.StatusAsync();
        var children = status.Components.Where(c => c.Role != "supervisor" && c.Pid is { } pid && pid != lab.State.SupervisorPid).Select(c => c.Pid!.Value).ToArray();
        Assert.Equal(4, children.Length);
        var marked = LabProcessMarker.FindProcesses(lab.RunId);
        Assert.Superset(children.ToHashSet(), marked.ToHashSet());

        lab.Supervisor.Signal(PosixNative.SigKill);

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while ((LabProcessMarker.FindProcesses(lab.RunId).Count > 0 || children.Any(PosixNative.IsAlive)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Empty(LabProcessMarker.FindProcesses(lab.RunId));
        Assert.DoesNotContain(children, PosixNative.IsAlive);
        Assert.Empty(ProcessesWithRunIdInCommandLine(lab.RunId));
    }

    [Fact]
    public async Task ScaleIn_UnderLoad_NoRequestFails()
    {
        await using var lab = await RunningLab.StartAsync(output, "--replicas", "3");
        var load = new BalancerLoad();
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(new Uri(lab.EntryUrl, "/products/1"), clients: 12, stop.Token, TimeSpan.FromSeconds(40));
        await YarpBalancerTests.WaitUntilAsync(() => load.Total > 200, seconds: 20);

        var (code, scaleOutput) = await lab.CliAsync("lab", "scale", "1");
        var afterScale = load.Total;
        await YarpBalancerTests.WaitUntilAsync(() => load.Total > afterScale + 100, seconds: 20);
        await stop.CancelAsync();
        await running;

        Assert.True(code == 0, scaleOutput);
        Assert.Empty(load.Failures);
        Assert.Single(Replicas(await lab.StatusAsync()));
    }

    [Fact]
    public async Task Audit_ReplicaKilledMidLoad_EveryAcknowledgedOrderOnceAndReplicaRestarted()
    {
        await using var lab = await RunningLab.StartAsync(output, "--replicas", "2");
        var report = Path.Combine(lab.Directory, "audit.json");

        var (code, auditOutput) = await lab.CliAsync("lab", "audit", "--kill-one", "--orders", "300", "--json", report);

        Assert.True(code == 0, auditOutput);
        var audit = JsonSerializer.Deserialize<AuditReport>(await File.ReadAllTextAsync(report), ResultJson.Options)!;
        Assert.True(audit.Passed);
        Assert.NotNull(audit.Killed);
        Assert.True(audit.Acknowledged >= 290, $"only {audit.Acknowledged} of 300 orders acknowledged");
        Assert.Equal(audit.Acknowledged, audit.FoundOnce);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        var status = await lab.StatusAsync();
        while (!Replicas(status).Any(r => r.Restarts == 1 && r.State == "ready") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            status = await lab.StatusAsync();
        }

        Assert.Contains(Replicas(status), r => r.Restarts == 1 && r.State == "ready");
        Assert.Contains(status.Events, e => e.Message.Contains("killed by signal 9", StringComparison.Ordinal));
        Assert.Contains(status.Events, e => e.Message.Contains("restarted", StringComparison.Ordinal));
    }

    private static List<Lab.Supervisor.LabComponent> Replicas(Lab.Supervisor.LabStatus status) =>
        status.Components.Where(c => c.Role == "replica").ToList();

    private static List<int> ProcessesWithRunIdInCommandLine(string runId)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && pid != Environment.ProcessId)
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(directory, "cmdline")).Contains(runId, StringComparison.Ordinal))
                    {
                        found.Add(pid);
                    }
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }

        return found;
    }
}
