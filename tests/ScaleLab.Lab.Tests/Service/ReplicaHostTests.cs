using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using ScaleLab.Lab.Service;
using ScaleLab.Lab.Tests.Support;

namespace ScaleLab.Lab.Tests.Service;

public sealed class ReplicaHostTests
{
    [Fact]
    public async Task RunAsync_Started_PrintsExactlyOneReadyLineOnStdout()
    {
        await using var bed = await LabTestBed.CreateAsync();
        var output = new LineWriter();
        using var stop = new CancellationTokenSource();

        var run = ReplicaHost.RunAsync(bed.Options("baseline"), output, new LineWriter(), stop.Token);
        var ready = await output.WaitForLineAsync(ReplicaOptions.ReadyPrefix, TimeSpan.FromSeconds(15));
        using var client = LabTestBed.NewClient(ready[ReplicaOptions.ReadyPrefix.Length..]);
        using var health = await client.GetAsync("/healthz");
        await stop.CancelAsync();
        var exit = await run.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Matches(new Regex(@"^ready http://127\.0\.0\.1:\d+$"), ready);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Single(output.Lines);
        Assert.Equal(0, exit);
    }

    [Fact]
    public async Task RunAsync_StoppedWithARequestInFlight_FinishesItThenExitsZero()
    {
        await using var bed = await LabTestBed.CreateAsync();
        var output = new LineWriter();
        using var stop = new CancellationTokenSource();
        var run = ReplicaHost.RunAsync(bed.Options("baseline", ioMs: 1_000), output, new LineWriter(), stop.Token);
        var ready = await output.WaitForLineAsync(ReplicaOptions.ReadyPrefix, TimeSpan.FromSeconds(15));
        using var client = LabTestBed.NewClient(ready[ReplicaOptions.ReadyPrefix.Length..]);

        var inFlight = client.GetAsync("/products/1");
        await MetricsSnapshot.WaitForAsync(client, m => m.Sum("scalelab_busy_workers") == 1, "the request holding a worker");
        var stopping = Stopwatch.StartNew();
        await stop.CancelAsync();
        using var response = await inFlight;
        var exit = await run.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, exit);
        // The 200 shows the request was finished, not cut; this, that the host did not then sit out the deadline.
        Assert.True(stopping.Elapsed < ReplicaOptions.DrainTimeout, $"drained in {stopping.Elapsed}");
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetAsync("/healthz"));
    }

    [Fact]
    public async Task RunAsync_ParentProcessExits_StopsByItself()
    {
        await using var bed = await LabTestBed.CreateAsync();
        using var parent = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        var output = new LineWriter();
        var errors = new LineWriter();

        var run = ReplicaHost.RunAsync(bed.Options("baseline") with { ParentPid = parent.Id }, output, errors, CancellationToken.None);
        await output.WaitForLineAsync(ReplicaOptions.ReadyPrefix, TimeSpan.FromSeconds(15));
        // Gone while the replica runs, not before it started: it is the watch that must notice.
        parent.Kill();
        await parent.WaitForExitAsync();
        var exit = await run.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.True(parent.HasExited);
        Assert.Equal(0, exit);
        Assert.Contains($"parent process {parent.Id} is gone", errors.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_StoreUnreachable_ExitsOneWithOneLineOnStderr()
    {
        await using var bed = await LabTestBed.CreateAsync();
        var errors = new LineWriter();
        var output = new LineWriter();

        var exit = await ReplicaHost.RunAsync(bed.Options("baseline") with { Store = "redis://127.0.0.1:1" }, output, errors, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(25));

        Assert.Equal(1, exit);
        Assert.Empty(output.Text);
        var line = Assert.Single(errors.Lines);
        Assert.StartsWith("scalelab: replica 1 cannot start:", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_TwoReplicasOnPortZero_GetDifferentPorts()
    {
        await using var bed = await LabTestBed.CreateAsync();

        var first = await bed.StartReplicaAsync("baseline", 1);
        var second = await bed.StartReplicaAsync("baseline", 2);

        Assert.NotEqual(first.BaseAddress, second.BaseAddress);
        Assert.Equal("127.0.0.1", first.BaseAddress!.Host);
    }
}
