using System.Reflection;

namespace ScaleLab.Load.Engine;

/// <summary>
/// Makes sure a run will not run out of file descriptors, one per connection: a process that hits its limit can't
/// even load an assembly, and the run and its results are lost. Raises the soft limit to the hard one (what wrk's
/// users do by hand with <c>ulimit -n</c>) and says, before the run, when that is still too few.
/// </summary>
public static class FileDescriptorLimit
{
    /// <summary>Descriptors kept for the process itself beyond those open now: the runtime's, assemblies loaded later, output files.</summary>
    public const int Reserve = 64;

    private static int _assembliesLoaded;

    /// <summary>The descriptors the connections of <paramref name="options"/> take at most.</summary>
    /// <param name="options">The run.</param>
    /// <param name="descriptorsPerConnection">2 when the target runs in this process (its end of each connection too).</param>
    public static int ConnectionsOf(LoadOptions options, int descriptorsPerConnection = 1) =>
        (options.Model == LoadModel.Closed ? (int)options.PeakLoad : options.MaxConnections) * descriptorsPerConnection;

    /// <summary>
    /// Raises the soft limit if <paramref name="connections"/> descriptors (sockets), those open now and the reserve exceed
    /// it; returns a one-line reason when even the hard limit is too low, or null when the run fits (or the
    /// platform has no such limit to check).
    /// </summary>
    /// <param name="connections">The sockets the run may hold open at once.</param>
    /// <param name="fewer">How the user asks for fewer connections, for the message (e.g. "lower -c").</param>
    public static string? Ensure(int connections, string fewer = "use fewer connections")
    {
        LoadDependencies();
        if (!OperatingSystem.IsLinux() || Interop.GetResourceLimit(Interop.RLimitNoFile, out var limit) != 0)
        {
            return null;
        }

        var process = (ulong)CountOpen() + Reserve;
        var needed = (ulong)connections + process;
        if (limit.Soft < needed && limit.Soft < limit.Hard)
        {
            // Up to the hard limit, not just to what is needed: connections renewed after timeouts close late.
            var raised = limit with { Soft = limit.Hard };
            if (Interop.SetResourceLimit(Interop.RLimitNoFile, raised) == 0)
            {
                limit = raised;
            }
        }

        return limit.Soft >= needed
            ? null
            : $"this run needs about {needed} open files ({connections} for its connections, {process} for the process) but may open {limit.Soft} (ulimit -n; hard limit {FormatLimit(limit.Hard)}): raise the limit (ulimit -n {needed}) or {fewer}";
    }

    private static bool IsFramework(string name) =>
        name.StartsWith("System", StringComparison.Ordinal) || name.StartsWith("Microsoft.", StringComparison.Ordinal)
        || name is "netstandard" or "mscorlib";

    private static string FormatLimit(ulong value) => value == ulong.MaxValue ? "unlimited" : value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The soft limit on open descriptors now; false where there is none to read.</summary>
    internal static bool TryGetSoftLimit(out ulong soft)
    {
        soft = 0;
        if (!OperatingSystem.IsLinux() || Interop.GetResourceLimit(Interop.RLimitNoFile, out var limit) != 0)
        {
            return false;
        }

        soft = limit.Soft;
        return true;
    }

    internal static int CountOpen()
    {
        try
        {
            return Directory.GetFiles("/proc/self/fd").Length;
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>
    /// Loads, now, the assemblies the engine and the results use, and those they reference: loading one opens its
    /// file, and an assembly first needed once the connections took every descriptor would fail to load (seen:
    /// HdrHistogram's reference to System.Threading.Tasks, needed to write the results).
    /// </summary>
    private static void LoadDependencies()
    {
        if (Interlocked.Exchange(ref _assembliesLoaded, 1) != 0)
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<Assembly>([typeof(FileDescriptorLimit).Assembly]);
        while (pending.TryPop(out var assembly))
        {
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (reference.Name is { } name && seen.Add(name))
                {
                    try
                    {
                        var loaded = Assembly.Load(reference);
                        if (!IsFramework(name))
                        {
                            // The framework's own references are loaded as it needs them at start-up already.
                            pending.Push(loaded);
                        }
                    }
                    catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException)
                    {
                        // An optional reference that is not there: nothing to load ahead.
                    }
                }
            }
        }
    }
}
