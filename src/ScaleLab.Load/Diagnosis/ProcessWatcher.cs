using System.Globalization;
using ScaleLab.Core.Diagnosis;

namespace ScaleLab.Load.Diagnosis;

/// <summary>
/// Samples the CPU and resident memory of a target's processes from <c>/proc</c> (Linux), and the machine's CPU
/// from <c>/proc/stat</c>, over windows of time: one window per diagnosis step. Processes are named by id
/// (<c>--watch PID</c>) or by executable name (<c>--watch-name NAME</c>, matched exactly as
/// <see cref="ExecutableName"/> says, and looked for again during each window so that workers started later count
/// too).
/// </summary>
/// <example>
/// <code>
/// var watcher = ProcessWatcher.Create([1234], ["nginx"]);
/// await using var window = watcher.Begin();
/// await Task.Delay(5000);
/// var usage = await window.EndAsync(); // usage.CpuPercent: % of the CPUs the processes may use
/// </code>
/// </example>
public sealed class ProcessWatcher
{
    private readonly IReadOnlyList<int> _pids;
    private readonly IReadOnlyList<string> _names;
    private readonly Dictionary<int, WatchedProcess> _seen = [];
    private readonly Lock _seenLock = new();
    private readonly bool _withDescendants;

    internal ProcessWatcher(IReadOnlyList<int> pids, IReadOnlyList<string> names, TimeProvider time, string procRoot, string cgroupRoot, bool withDescendants = false)
    {
        _withDescendants = withDescendants;
        _pids = pids;
        _names = names;
        Time = time;
        ProcRoot = procRoot;
        CgroupRoot = cgroupRoot;
    }

    /// <summary>True when any process is watched; false for a watcher of the machine alone.</summary>
    public bool IsWatching => _pids.Count + _names.Count > 0;

    /// <summary>True when this process (the load generator) is among the watched: a target served in-process.</summary>
    public bool IncludesCurrentProcess
    {
        get
        {
            lock (_seenLock)
            {
                return _seen.ContainsKey(Environment.ProcessId);
            }
        }
    }

    /// <summary>The kernel clock tick rate CPU times are counted in.</summary>
    public long ClockTicksPerSecond { get; init; } = ClockTicks.PerSecond;

    internal TimeProvider Time { get; }

    internal string ProcRoot { get; }

    internal string CgroupRoot { get; }

    /// <summary>
    /// A watcher of <paramref name="pids"/> and of the processes named <paramref name="names"/>. Throws
    /// <see cref="WatchException"/> when a process id does not exist, a name matches no process, or the system has
    /// no <c>/proc</c>.
    /// </summary>
    public static ProcessWatcher Create(IReadOnlyList<int> pids, IReadOnlyList<string> names, TimeProvider? time = null) =>
        Create(pids, names, time ?? TimeProvider.System, "/proc", "/sys/fs/cgroup");

    /// <summary>
    /// A watcher of <paramref name="pids"/> and every process descended from them, looked for again during each
    /// window as names are: a server that forks a process per connection (PostgreSQL's backends) is all of them,
    /// including those a pool opens while the window is open. Throws <see cref="WatchException"/> as
    /// <see cref="Create(IReadOnlyList{int}, IReadOnlyList{string}, TimeProvider?)"/> does.
    /// </summary>
    public static ProcessWatcher CreateWithDescendants(IReadOnlyList<int> pids, TimeProvider? time = null) =>
        Create(pids, [], time ?? TimeProvider.System, "/proc", "/sys/fs/cgroup", withDescendants: true);

    /// <summary>A watcher of the machine's CPU alone, for steps without <c>--watch</c>.</summary>
    public static ProcessWatcher MachineOnly(TimeProvider? time = null) => new([], [], time ?? TimeProvider.System, "/proc", "/sys/fs/cgroup");

    internal static ProcessWatcher Create(IReadOnlyList<int> pids, IReadOnlyList<string> names, TimeProvider time, string procRoot, string cgroupRoot, bool withDescendants = false)
    {
        if ((pids.Count > 0 || names.Count > 0) && !Directory.Exists(Path.Combine(procRoot, "self")))
        {
            throw new WatchException("--watch and --watch-name read /proc, which this system does not have (Linux only)");
        }

        foreach (var pid in pids)
        {
            if (pid <= 0 || !File.Exists(Path.Combine(procRoot, Id(pid), "stat")))
            {
                throw new WatchException($"--watch {pid}: no process has that id");
            }
        }

        var watcher = new ProcessWatcher(pids, names, time, procRoot, cgroupRoot, withDescendants);
        var warnings = new List<string>();
        foreach (var name in names)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new WatchException("--watch-name: give a process name, e.g. --watch-name nginx");
            }

            var found = watcher.FindByName(name);
            if (found.Count == 0)
            {
                throw new WatchException($"--watch-name {name}: no process has that executable name (its /proc/PID/comm, the file name of its executable or of argv[0], or the app of `dotnet {name}.dll`)");
            }

            if (found.Count > 1)
            {
                warnings.Add($"--watch-name {name} matches {found.Count} processes, all watched together: " +
                             string.Join(", ", found.Select(pid => $"{Id(pid)} ({watcher.Describe(pid)})")) + " (use --watch PID to watch only some)");
            }
        }

        watcher.Warnings = warnings;
        watcher.Resolve();
        return watcher;
    }

    /// <summary>What the watcher warns about: a name that matches several processes.</summary>
    public IReadOnlyList<string> Warnings { get; private set; } = [];

    /// <summary>Opens a sampling window: from now until <see cref="WatchWindow.EndAsync"/>.</summary>
    /// <param name="samplePeriod">How often to sample between the ends (memory peaks, processes that come and go); 250 ms unless given.</param>
    public WatchWindow Begin(TimeSpan? samplePeriod = null) => new(this, samplePeriod ?? TimeSpan.FromMilliseconds(250));

    /// <summary>What was asked for and every process sampled so far.</summary>
    public WatchSummary Summary()
    {
        lock (_seenLock)
        {
            return new WatchSummary(_pids, _names, _seen.Values.OrderBy(p => p.Pid).ToArray(), ClockTicksPerSecond);
        }
    }

    /// <summary>The ids of the watched processes alive now: the given ids (and their descendants when asked), and every process matching a name.</summary>
    internal IReadOnlyList<int> Resolve()
    {
        var pids = new HashSet<int>(_pids.Where(pid => Directory.Exists(Path.Combine(ProcRoot, Id(pid)))));
        if (_withDescendants)
        {
            pids.UnionWith(Descendants(pids));
        }

        foreach (var name in _names)
        {
            pids.UnionWith(FindByName(name));
        }

        return pids.Order().ToArray();
    }

    /// <summary>Every live process below <paramref name="roots"/>, from one pass over /proc.</summary>
    private List<int> Descendants(IReadOnlyCollection<int> roots)
    {
        var children = new Dictionary<int, List<int>>();
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateDirectories(ProcRoot).ToArray();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }

        foreach (var entry in entries)
        {
            if (int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && ReadText(Path.Combine(entry, "stat")) is { } stat && ProcFiles.ParseParentPid(stat) is { } parent)
            {
                if (!children.TryGetValue(parent, out var list))
                {
                    children[parent] = list = [];
                }

                list.Add(pid);
            }
        }

        var found = new List<int>();
        var pending = new Queue<int>(roots);
        while (pending.TryDequeue(out var pid) && found.Count < 10_000)
        {
            foreach (var child in children.GetValueOrDefault(pid) ?? [])
            {
                found.Add(child);
                pending.Enqueue(child);
            }
        }

        return found;
    }

    /// <summary>Remembers a sampled process for the summary.</summary>
    internal void Saw(int pid, string name)
    {
        lock (_seenLock)
        {
            _seen.TryAdd(pid, new WatchedProcess(pid, name));
        }
    }

    internal string? ReadProc(int pid, string file) => ReadText(Path.Combine(ProcRoot, Id(pid), file));

    internal string? ReadProc(string file) => ReadText(Path.Combine(ProcRoot, file));

    internal static string Id(int pid) => pid.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Processes whose executable is named <paramref name="name"/> (see <see cref="ExecutableName"/>). This process
    /// and its ancestors are never matched: the shell, <c>timeout</c> or <c>dotnet test</c> that started the
    /// diagnosis is not its target, and their command lines may hold the name.
    /// </summary>
    internal IReadOnlyList<int> FindByName(string name)
    {
        var found = new List<int>();
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateDirectories(ProcRoot);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return found;
        }

        var ancestors = Ancestors();
        foreach (var entry in entries)
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || ancestors.Contains(pid))
            {
                continue;
            }

            var argv = ReadText(Path.Combine(entry, "cmdline")) is { } cmdline ? ProcFiles.ParseCmdline(cmdline) : [];
            if (ExecutableName.Matches(name, ReadText(Path.Combine(entry, "comm")), ReadLink(Path.Combine(entry, "exe")), argv))
            {
                found.Add(pid);
            }
        }

        found.Sort();
        return found;
    }

    /// <summary>"nginx", or "dotnet Foo.dll": the command name and, for a host, what it runs; for warnings.</summary>
    internal string Describe(int pid)
    {
        var comm = ReadProc(pid, "comm")?.TrimEnd('\n') ?? "?";
        var argv = ReadProc(pid, "cmdline") is { } cmdline ? ProcFiles.ParseCmdline(cmdline) : [];
        return argv.Count > 1 && argv.Skip(1).FirstOrDefault(a => a.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) is { } app
            ? $"{comm} {Path.GetFileName(app)}"
            : comm;
    }

    /// <summary>This process and every process above it, up to init.</summary>
    private HashSet<int> Ancestors()
    {
        var ancestors = new HashSet<int>();
        for (int? pid = Environment.ProcessId; pid is > 0 && ancestors.Add(pid.Value) && ancestors.Count < 1000;)
        {
            pid = ReadProc(pid.Value, "stat") is { } stat ? ProcFiles.ParseParentPid(stat) : null;
        }

        return ancestors;
    }

    private static string? ReadLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
