using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using ScaleLab.Load.Diagnosis;

namespace ScaleLab.Load.Tests.Diagnosis;

/// <summary>The watcher on real processes (this one, and children it starts) and on a made-up /proc whose numbers are known.</summary>
public sealed class ProcessWatcherTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("scalelab-proc-").FullName;
    private readonly List<Process> _children = [];

    public void Dispose()
    {
        foreach (var child in _children)
        {
            try
            {
                child.Kill(entireProcessTree: true);
                child.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            child.Dispose();
        }

        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Window_ThisProcessSpinning_MeasuresItsCpuAndMemory()
    {
        var watcher = ProcessWatcher.Create([Environment.ProcessId], []);

        await using var window = watcher.Begin(TimeSpan.FromMilliseconds(50));
        var watch = Stopwatch.StartNew();
        await Task.Run(() =>
        {
            while (watch.ElapsedMilliseconds < 600)
            {
                Thread.SpinWait(1000);
            }
        });
        var usage = await window.EndAsync();

        Assert.True(watcher.IncludesCurrentProcess);
        Assert.NotNull(usage.CpuLimit);
        // One thread spinning for 0.6 s is at least a tenth of a core even on a crowded machine.
        var cores = usage.CpuPercent!.Value / 100 * usage.CpuLimit!.Value;
        Assert.InRange(cores, 0.1, usage.CpuLimit.Value + 0.1);
        Assert.True(usage.RssBytes > 10 * 1024 * 1024, $"RSS {usage.RssBytes}");
        Assert.InRange(usage.MachineCpuPercent!.Value, 0, 100);
    }

    [Fact]
    public async Task Window_SleepingChild_UsesAlmostNoCpu()
    {
        var child = Start("sleep", "30");
        var watcher = ProcessWatcher.Create([child.Id], []);

        await using var window = watcher.Begin(TimeSpan.FromMilliseconds(50));
        await Task.Delay(500);
        var usage = await window.EndAsync();

        Assert.InRange(usage.CpuPercent!.Value, 0, 5);
        Assert.True(usage.RssBytes > 0);
        Assert.False(watcher.IncludesCurrentProcess);
        Assert.Contains(watcher.Summary().Processes, p => p.Pid == child.Id && p.Name == "sleep");
    }

    [Fact]
    public async Task Window_BusyChild_UsesAboutOneCore()
    {
        var child = Start("sh", "-c", "while :; do :; done");
        var watcher = ProcessWatcher.Create([child.Id], []);
        var before = child.TotalProcessorTime;
        var clock = Stopwatch.StartNew();

        await using var window = watcher.Begin(TimeSpan.FromMilliseconds(50));
        // However busy the machine is, wait until the loop has burnt a measurable amount of CPU (bounded).
        while ((child.TotalProcessorTime - before).TotalSeconds < 0.5 && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(50);
            child.Refresh();
        }

        var usage = await window.EndAsync();
        var wall = clock.Elapsed.TotalSeconds;
        child.Refresh();
        var burnt = (child.TotalProcessorTime - before).TotalSeconds;

        // The window saw what the kernel charged the loop, within the ticks at its ends; one thread is at most one core.
        var cores = usage.CpuPercent!.Value / 100 * usage.CpuLimit!.Value;
        Assert.InRange(cores * wall, 0.6 * burnt - 0.05, 1.4 * burnt + 0.05);
        Assert.True(cores <= 1.1, $"one thread used {cores:0.##} cores");
    }

    [Fact]
    public async Task Create_ByName_FindsTheChildByItsCommandName()
    {
        var name = $"slw{Random.Shared.Next(100_000, 999_999)}";
        var copy = Path.Combine(_root, name);
        File.Copy("/bin/sleep", copy);
        var child = Start(copy, "30");
        await WaitForExecAsync(child, name);

        var watcher = ProcessWatcher.Create([], [name]);
        await using var window = watcher.Begin();
        await window.EndAsync();

        var process = Assert.Single(watcher.Summary().Processes);
        Assert.Equal(child.Id, process.Pid);
        Assert.Equal(name, process.Name);
    }

    [Fact]
    public async Task Create_NameOnlyInAnotherProcesssArguments_MatchesNothing()
    {
        // `timeout 60 scalelab diagnose … --watch-name x` once made timeout the target: arguments are not names.
        var name = $"slw{Random.Shared.Next(100_000, 999_999)}";
        var child = Start("/bin/sh", "-c", "sleep 30; true", name);
        await WaitForArgumentAsync(child, name);

        var error = Assert.Throws<WatchException>(() => ProcessWatcher.Create([], [name]));

        Assert.Contains("no process has that executable name", error.Message);
    }

    [Fact]
    public void FindByName_TheParentsName_NeverMatchesTheParent()
    {
        var parent = ParentOf(Environment.ProcessId);
        var name = File.ReadAllText($"/proc/{parent}/comm").TrimEnd('\n');

        var found = ProcessWatcher.MachineOnly().FindByName(name);

        Assert.DoesNotContain(parent, found);
        Assert.DoesNotContain(Environment.ProcessId, found);
    }

    [Fact]
    public async Task Create_NameOfSeveralProcesses_WatchesAllAndWarnsListingThem()
    {
        var name = $"slw{Random.Shared.Next(100_000, 999_999)}";
        var copy = Path.Combine(_root, name);
        File.Copy("/bin/sleep", copy);
        var first = Start(copy, "30");
        var second = Start(copy, "30");
        await WaitForExecAsync(first, name);
        await WaitForExecAsync(second, name);

        var watcher = ProcessWatcher.Create([], [name]);

        var warning = Assert.Single(watcher.Warnings);
        Assert.Contains($"matches 2 processes", warning);
        Assert.Contains(first.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), warning);
        Assert.Contains(second.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), warning);
    }

    [Theory]
    [InlineData("nginx", "nginx", "/usr/sbin/nginx", "nginx: worker process", true)]
    [InlineData("nosuchproc", "timeout", "/usr/bin/timeout", "timeout|60|scalelab|diagnose|--watch-name|nosuchproc", false)]
    [InlineData("Foo", "dotnet", "/usr/lib/dotnet/dotnet", "dotnet|Foo.dll", true)]
    [InlineData("Foo", "dotnet", "/usr/lib/dotnet/dotnet", "dotnet|exec|--runtimeconfig|Foo.runtimeconfig.json|/app/Foo.dll|--urls|x", true)]
    [InlineData("Bar", "dotnet", "/usr/lib/dotnet/dotnet", "dotnet|Foo.dll|Bar.dll", false)]
    [InlineData("Foo", "Foo", "/app/Foo", "/app/Foo", true)]
    [InlineData("python3", "python3", "/usr/bin/python3.11", "python3|-m|http.server", true)]
    [InlineData("http.server", "python3", "/usr/bin/python3.11", "python3|-m|http.server", false)]
    [InlineData("python", "python3", "/usr/bin/python3.11", "python3|server.py", false)]
    [InlineData("a-very-long-program", "a-very-long-pro", "/opt/a-very-long-program", "a-very-long-program", true)]
    [InlineData("a-very-long-pro-other", "a-very-long-pro", "/opt/a-very-long-program", "a-very-long-program", false)]
    [InlineData("redis-server", "redis-server", null, "", true)]
    public void ExecutableName_Matches_OnlyTheExecutablesOwnName(string name, string comm, string? exe, string argv, bool matches)
    {
        var arguments = argv.Split('|', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(matches, ExecutableName.Matches(name, comm + "\n", exe, arguments));
    }

    [Fact]
    public void Create_ProcessIdThatDoesNotExist_ThrowsOneLine()
    {
        var error = Assert.Throws<WatchException>(() => ProcessWatcher.Create([int.MaxValue - 7], []));

        Assert.Contains("no process has that id", error.Message);
    }

    [Fact]
    public void Create_NameNothingHas_ThrowsOneLine()
    {
        var error = Assert.Throws<WatchException>(() => ProcessWatcher.Create([], ["no-such-process-scalelab"]));

        Assert.Contains("no process has that executable name", error.Message);
    }

    [Fact]
    public async Task EndAsync_MadeUpProc_DividesCpuTimeByWallTimeAndTheAllowance()
    {
        // 100 Hz ticks; affinity 0-3 (4 CPUs) but a cgroup quota of 1.5 CPUs in a parent cgroup.
        var proc = Path.Combine(_root, "proc");
        var cgroup = Path.Combine(_root, "cgroup");
        Directory.CreateDirectory(Path.Combine(proc, "self"));
        Directory.CreateDirectory(Path.Combine(proc, "77"));
        Directory.CreateDirectory(Path.Combine(cgroup, "app.slice", "svc"));
        File.WriteAllText(Path.Combine(cgroup, "app.slice", "cpu.max"), "150000 100000\n");
        File.WriteAllText(Path.Combine(cgroup, "app.slice", "svc", "cpu.max"), "max 100000\n");
        File.WriteAllText(Path.Combine(proc, "77", "cgroup"), "0::/app.slice/svc\n");
        File.WriteAllText(Path.Combine(proc, "77", "status"), "Name:\tsvc\nVmRSS:\t  2048 kB\nCpus_allowed_list:\t0-3\n");
        File.WriteAllText(Path.Combine(proc, "uptime"), "1000.00 1900.00\n");
        File.WriteAllText(Path.Combine(proc, "stat"), "cpu  100 0 100 800 0 0 0 0 0 0\ncpu0 50 0 50 400 0 0 0 0 0 0\ncpu1 50 0 50 400 0 0 0 0 0 0\n");
        WriteStat(proc, cpuTicks: 100);
        var time = new FakeTimeProvider();
        var watcher = ProcessWatcher.Create([77], [], time, proc, cgroup);

        var window = watcher.Begin(TimeSpan.FromHours(1));
        WriteStat(proc, cpuTicks: 400);
        File.WriteAllText(Path.Combine(proc, "stat"), "cpu  400 0 400 1200 0 0 0 0 0 0\ncpu0 200 0 200 600 0 0 0 0 0 0\ncpu1 200 0 200 600 0 0 0 0 0 0\n");
        time.Advance(TimeSpan.FromSeconds(4));
        var usage = await window.EndAsync();

        // 300 ticks (3 CPU-seconds at 100 Hz) over 4 s = 0.75 CPUs of the 1.5 allowed: 50%.
        Assert.Equal(1.5, usage.CpuLimit);
        Assert.Equal(Math.Round(100 * 300.0 / watcher.ClockTicksPerSecond / 4 / 1.5, 1), usage.CpuPercent);
        Assert.Equal(2048L * 1024, usage.RssBytes);
        // Machine: 400 idle ticks in 4 s of 2 CPUs (800 ticks at 100 Hz): half busy.
        Assert.Equal(Math.Round(100 * (1 - 400.0 / (4 * watcher.ClockTicksPerSecond * 2)), 1), usage.MachineCpuPercent);
    }

    private static void WriteStat(string proc, long cpuTicks) => File.WriteAllText(Path.Combine(proc, "77", "stat"),
        $"77 (svc) S 1 77 77 0 -1 0 0 0 0 0 {cpuTicks} 0 0 0 20 0 4 0 5000 1000000 512 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0");

    private Process Start(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var child = Process.Start(info)!;
        _children.Add(child);
        return child;
    }

    private static int ParentOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Process.Start returns after fork; the arguments are the child's only once it has exec'd.</summary>
    private static async Task WaitForArgumentAsync(Process child, string argument)
    {
        var cmdline = $"/proc/{child.Id}/cmdline";
        for (var deadline = Stopwatch.StartNew(); deadline.Elapsed < TimeSpan.FromSeconds(10); await Task.Delay(20))
        {
            if (File.Exists(cmdline) && File.ReadAllText(cmdline).Split('\0').Contains(argument))
            {
                return;
            }
        }

        throw new TimeoutException($"the child never ran with {argument}");
    }

    /// <summary>Process.Start returns after fork; the name is the child's only once it has exec'd.</summary>
    private static async Task WaitForExecAsync(Process child, string name)
    {
        var comm = $"/proc/{child.Id}/comm";
        for (var i = 0; i < 100 && (!File.Exists(comm) || File.ReadAllText(comm).Trim() != name); i++)
        {
            await Task.Delay(20);
        }
    }
}
