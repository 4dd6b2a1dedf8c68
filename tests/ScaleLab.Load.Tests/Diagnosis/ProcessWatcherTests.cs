using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using ScaleLab.Core.Diagnosis;
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
    public async Task Window_ThisProcessSpinning_CountsTheCpuTheKernelCounted()
    {
        // The window's length is on a fake clock (1 s), its CPU real: the watcher's CPU seconds must match what the
        // kernel counted for this process between the window's ends, however slowly a busy machine let it spin.
        var time = new FakeTimeProvider();
        var watcher = ProcessWatcher.Create([Environment.ProcessId], [], time);
        var before = OwnCpu();

        await using var window = watcher.Begin(TimeSpan.FromHours(1));
        var start = OwnCpu();
        await Task.Run(() => SpinUntil(() => OwnCpu() - start >= Spun));
        var end = OwnCpu();
        time.Advance(TimeSpan.FromSeconds(1));
        var usage = await window.EndAsync();
        var after = OwnCpu();

        Assert.True(watcher.IncludesCurrentProcess);
        AssertCpuSecondsWithin(usage, end - start, after - before);
        Assert.True(usage.RssBytes > 10 * 1024 * 1024, $"RSS {usage.RssBytes}");
        Assert.NotNull(usage.MachineCpuPercent);
    }

    [Fact]
    public async Task Window_SleepingChild_CountsNoCpu()
    {
        var child = Start("sleep", "30");
        await WaitForExecAsync(child, "sleep");
        var time = new FakeTimeProvider();
        var watcher = ProcessWatcher.Create([child.Id], [], time);
        var before = Cpu(child);

        await using var window = watcher.Begin(TimeSpan.FromHours(1));
        // Real time for the child to run in if it were going to; the window's length is the fake clock's 1 s.
        await Task.Delay(300);
        time.Advance(TimeSpan.FromSeconds(1));
        var usage = await window.EndAsync();
        var used = Cpu(child) - before;

        AssertCpuSecondsWithin(usage, TimeSpan.Zero, used);
        Assert.True(used < TimeSpan.FromMilliseconds(50), $"sleep used {used.TotalMilliseconds} ms of CPU");
        Assert.True(usage.RssBytes > 0);
        Assert.False(watcher.IncludesCurrentProcess);
        Assert.Contains(watcher.Summary().Processes, p => p.Pid == child.Id && p.Name == "sleep");
    }

    [Fact]
    public async Task Window_BusyChild_CountsItsCpuAndNeverMoreThanOneCore()
    {
        var child = Start("sh", "-c", "while :; do :; done");
        var time = new FakeTimeProvider();
        var watcher = ProcessWatcher.Create([child.Id], [], time);
        var wall = Stopwatch.StartNew();
        var before = Cpu(child);

        await using var window = watcher.Begin(TimeSpan.FromHours(1));
        var start = Cpu(child);
        await PollUntilAsync(() => Cpu(child) - start >= Spun);
        var end = Cpu(child);
        time.Advance(TimeSpan.FromSeconds(1));
        var usage = await window.EndAsync();
        var after = Cpu(child);
        var elapsed = wall.Elapsed;

        var counted = AssertCpuSecondsWithin(usage, end - start, after - before);
        // A shell loop is one thread: it cannot use more CPU time than real time passed.
        Assert.True(counted <= elapsed.TotalSeconds + Tolerance, $"{counted:F3} CPU-seconds in {elapsed.TotalSeconds:F3} s");
    }

    [Fact]
    public async Task CreateWithDescendants_ChildForkedInsideTheWindow_ItsCpuCounted()
    {
        // A server that forks a worker once the window is open (as PostgreSQL forks a backend per new connection).
        var parent = Start("sh", "-c", "read go; (exec sh -c 'while :; do :; done') & wait");
        await WaitForExecAsync(parent, "sh");
        var tree = ProcessWatcher.CreateWithDescendants([parent.Id]);
        var alone = ProcessWatcher.Create([parent.Id], []);

        await using var treeWindow = tree.Begin(TimeSpan.FromMilliseconds(20));
        await using var aloneWindow = alone.Begin(TimeSpan.FromMilliseconds(20));
        await parent.StandardInput.WriteLineAsync("go");
        await parent.StandardInput.FlushAsync();
        int? worker = null;
        await PollUntilAsync(() => (worker ??= ChildOf(parent.Id)) is { } pid && TicksOf(pid) >= Spun.TotalSeconds * 100);
        var withWorker = await treeWindow.EndAsync();
        var parentOnly = await aloneWindow.EndAsync();

        var counted = withWorker.CpuPercent!.Value / 100 * withWorker.CpuLimit!.Value;
        var countedAlone = parentOnly.CpuPercent!.Value / 100 * parentOnly.CpuLimit!.Value;
        Assert.Contains(tree.Summary().Processes, p => p.Pid == worker);
        Assert.True(counted > countedAlone, $"{counted:F3} CPU-share with descendants, {countedAlone:F3} without");
        Assert.True(withWorker.CpuPercent > 0);
    }

    /// <summary>The first child of <paramref name="pid"/> listed by the kernel; null while it has none.</summary>
    private static int? ChildOf(int pid)
    {
        var children = File.ReadAllText($"/proc/{pid}/task/{pid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return children.Length > 0 ? int.Parse(children[0], System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    /// <summary>User plus system CPU ticks of <paramref name="pid"/> (100 a second here).</summary>
    private static long TicksOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
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

    /// <summary>CPU time a test makes the watched process burn: a few clock ticks' worth, whatever the machine's load.</summary>
    private static readonly TimeSpan Spun = TimeSpan.FromMilliseconds(300);

    /// <summary>/proc counts CPU time in clock ticks (10 ms at 100 Hz), read at slightly different moments: 3 ticks.</summary>
    private const double Tolerance = 0.03;

    /// <summary>Generous: how long a crowded machine may take to give a process <see cref="Spun"/> of CPU.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Asserts that the CPU-seconds the window reports (its percentage of the allowance over the fake clock's 1 s)
    /// lie between what the kernel counted inside the window's ends and around them; returns them.
    /// </summary>
    private static double AssertCpuSecondsWithin(ResourceUsage usage, TimeSpan atLeast, TimeSpan atMost)
    {
        Assert.NotNull(usage.CpuLimit);
        Assert.True(usage.CpuLimit > 0, $"allowance {usage.CpuLimit}");
        var counted = usage.CpuPercent!.Value / 100 * usage.CpuLimit!.Value;
        Assert.InRange(counted, atLeast.TotalSeconds - Tolerance, atMost.TotalSeconds + Tolerance);
        return counted;
    }

    private static TimeSpan OwnCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private static TimeSpan Cpu(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }

    private static void SpinUntil(Func<bool> done)
    {
        var deadline = Stopwatch.StartNew();
        while (!done())
        {
            Assert.True(deadline.Elapsed < Deadline, $"no {Spun.TotalMilliseconds} ms of CPU within {Deadline.TotalSeconds} s");
            Thread.SpinWait(100_000);
        }
    }

    private static async Task PollUntilAsync(Func<bool> done)
    {
        var deadline = Stopwatch.StartNew();
        while (!done())
        {
            Assert.True(deadline.Elapsed < Deadline, $"no {Spun.TotalMilliseconds} ms of CPU within {Deadline.TotalSeconds} s");
            await Task.Delay(20);
        }
    }

    private static void WriteStat(string proc, long cpuTicks) => File.WriteAllText(Path.Combine(proc, "77", "stat"),
        $"77 (svc) S 1 77 77 0 -1 0 0 0 0 0 {cpuTicks} 0 0 0 20 0 4 0 5000 1000000 512 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0");

    private Process Start(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
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
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(comm) || File.ReadAllText(comm).Trim() != name)
        {
            Assert.True(deadline.Elapsed < Deadline, $"{name} (pid {child.Id}) did not exec within {Deadline.TotalSeconds} s");
            await Task.Delay(20);
        }
    }
}
