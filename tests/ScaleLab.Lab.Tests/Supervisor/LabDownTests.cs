using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ScaleLab.Core.Results;
using ScaleLab.Lab.Supervisor;

namespace ScaleLab.Lab.Tests.Supervisor;

/// <summary>
/// <c>scalelab lab down</c> (the real CLI, with its own SCALELAB_LAB_DIR) against supervisors that cannot answer:
/// a zombie, and a live process whose control endpoint accepts and never replies.
/// </summary>
public sealed class LabDownTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("scalelab-lab-down-").FullName;
    private readonly List<Process> _started = [];

    public void Dispose()
    {
        foreach (var process in _started)
        {
            try
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            process.Dispose();
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Down_SupervisorIsAZombie_CleansUpAndExitsZero()
    {
        // sh starts a child that exits at once, then becomes `sleep`, which never reaps it: a zombie that kill(pid, 0) still finds.
        var parent = Start("/bin/sh", "-c", "sleep 0 & exec sleep 600");
        var zombie = await WaitForAsync(() => ChildrenOf(parent.Id).FirstOrDefault(pid => LabStateFile.IsZombie(pid)), "a zombie child");
        var run = WriteState(zombie, $"http://127.0.0.1:{ClosedPort()}/");

        var (code, output) = await ScalelabCli.RunAsync(_directory, TimeSpan.FromSeconds(60), "lab", "down");

        Assert.True(code == 0, output);
        Assert.DoesNotContain("internal error", output);
        Assert.False(File.Exists(Path.Combine(_directory, "state.json")));
        Assert.False(Directory.Exists(run));
    }

    [Fact]
    public async Task Down_SupervisorThatNeverAnswers_KillsItCleansUpAndExitsZero()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var held = new List<Socket>();
        using var stop = new CancellationTokenSource();
        var accepting = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    held.Add(await silent.AcceptSocketAsync(stop.Token));
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        var hung = Start("/bin/sleep", "600");
        var run = WriteState(hung.Id, $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/");

        try
        {
            var (code, output) = await ScalelabCli.RunAsync(_directory, TimeSpan.FromSeconds(90), "lab", "down");

            Assert.True(code == 0, output);
            Assert.Contains("did not answer", output);
            Assert.True(hung.WaitForExit(10_000), "the hung supervisor is still running");
            Assert.False(File.Exists(Path.Combine(_directory, "state.json")));
            Assert.False(Directory.Exists(run));
        }
        finally
        {
            await stop.CancelAsync();
            await accepting;
            held.ForEach(s => s.Dispose());
        }
    }

    /// <summary>A state file for a supervisor at <paramref name="pid"/>; returns its run directory.</summary>
    private string WriteState(int pid, string controlUrl)
    {
        var run = Directory.CreateTempSubdirectory("scalelab-lab-down-run-").FullName;
        var state = new LabState
        {
            RunId = "down-" + Path.GetFileName(_directory),
            SupervisorPid = pid,
            SupervisorStartTicks = LabStateFile.StartTicks(pid),
            ControlUrl = controlUrl,
            Token = "secret",
            EntryUrl = "http://127.0.0.1:1/",
            StartedAt = DateTimeOffset.UnixEpoch,
            RunDirectory = run,
            Database = "sqlite",
            Shards = [],
        };
        File.WriteAllText(Path.Combine(_directory, "state.json"), ResultJson.Serialize(state));
        return run;
    }

    private Process Start(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info)!;
        _started.Add(process);
        return process;
    }

    /// <summary>A port nothing listens on: connecting to it is refused.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static IEnumerable<int> ChildrenOf(int parent)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && ParentOf(pid) == parent)
            {
                yield return pid;
            }
        }
    }

    private static int? ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    private static async Task<int> WaitForAsync(Func<int> find, string what)
    {
        for (var clock = Stopwatch.StartNew(); clock.Elapsed < TimeSpan.FromSeconds(20); await Task.Delay(20))
        {
            if (find() is var pid && pid > 0)
            {
                return pid;
            }
        }

        throw new TimeoutException($"no {what} appeared");
    }
}
