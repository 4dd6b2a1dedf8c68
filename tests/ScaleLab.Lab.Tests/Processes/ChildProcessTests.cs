using ScaleLab.Lab.Processes;

namespace ScaleLab.Lab.Tests.Processes;

public sealed class ChildProcessTests : IDisposable
{
    private readonly string _runId = "t" + Guid.NewGuid().ToString("N")[..11];
    private readonly string _directory;

    public ChildProcessTests()
    {
        _directory = Path.Combine(Path.GetTempPath(), $"scalelab-child-test-{_runId}");
        Directory.CreateDirectory(_directory);
    }

    [Fact]
    public async Task Marker_ChildOfTheRun_IsFoundByEnvironmentAndWorkingDirectory()
    {
        await using var child = await ChildProcess.StartAsync(new ChildProcessSpec("sleeper", "/bin/sleep", ["30"], _runId) { WorkingDirectory = _directory });

        await WaitUntilAsync(() => LabProcessMarker.FindProcesses(_runId).Contains(child.Pid));
        await child.StopAsync(TimeSpan.FromSeconds(5));

        Assert.Empty(LabProcessMarker.FindProcesses(_runId));
    }

    [Fact]
    public async Task Marker_ProcessThatOverwritesItsEnvironment_IsFoundByWorkingDirectory()
    {
        // What redis-server and PostgreSQL do to set their process title: the environment /proc shows is gone.
        await using var child = await ChildProcess.StartAsync(new ChildProcessSpec("env-less", "/usr/bin/env", ["-i", "/bin/sleep", "30"], _runId) { WorkingDirectory = _directory });

        await WaitUntilAsync(() => LabProcessMarker.FindProcesses(_runId).Contains(child.Pid));
    }

    [Fact]
    public async Task WaitForLine_ProcessPrintsIt_ReturnsTheLine()
    {
        await using var child = await ChildProcess.StartAsync(new ChildProcessSpec("echo", "/bin/sh", ["-c", "echo starting; echo 'ready http://127.0.0.1:1'; sleep 30"], _runId));

        var line = await child.WaitForLineAsync(l => l.StartsWith("ready ", StringComparison.Ordinal), TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Equal("ready http://127.0.0.1:1", line);
    }

    [Fact]
    public async Task WaitForLine_ProcessExitsFirst_FailsWithItsOutput()
    {
        await using var child = await ChildProcess.StartAsync(new ChildProcessSpec("failing", "/bin/sh", ["-c", "echo 'port 1 is taken' >&2; exit 3"], _runId));

        var error = await Assert.ThrowsAsync<ChildProcessException>(() =>
            child.WaitForLineAsync(l => l.StartsWith("ready ", StringComparison.Ordinal), TimeSpan.FromSeconds(10), CancellationToken.None));

        Assert.Contains("exited with code 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("port 1 is taken", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_ProcessIgnoresSigterm_IsKilledAfterTheGrace()
    {
        await using var child = await ChildProcess.StartAsync(new ChildProcessSpec("stubborn", "/bin/sh", ["-c", "trap '' TERM; echo up; while :; do sleep 1; done"], _runId));
        await child.WaitForLineAsync(l => l == "up", TimeSpan.FromSeconds(10), CancellationToken.None);

        await child.StopAsync(TimeSpan.FromMilliseconds(300));

        Assert.True(child.HasExited);
    }

    public void Dispose()
    {
        LabProcessMarker.KillAll(_runId);
        Directory.Delete(_directory, recursive: true);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(20);
        }
    }
}
