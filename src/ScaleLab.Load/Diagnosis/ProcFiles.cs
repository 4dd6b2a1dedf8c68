using System.Globalization;

namespace ScaleLab.Load.Diagnosis;

/// <summary>
/// Parsers for the few <c>/proc</c> and cgroup files the process watcher reads; pure, so that tests can feed them
/// the odd cases (a command name with spaces and parentheses, a cgroup v1 hierarchy, a quota of "max").
/// </summary>
internal static class ProcFiles
{
    /// <summary>The CPU counters of <c>/proc/PID/stat</c>.</summary>
    /// <param name="Name">The command name between the parentheses.</param>
    /// <param name="CpuTicks">utime + stime, in clock ticks.</param>
    /// <param name="StartTicks">When the process started, in clock ticks since boot.</param>
    public readonly record struct ProcessStat(string Name, long CpuTicks, long StartTicks);

    /// <summary>
    /// Reads <c>/proc/PID/stat</c>: "pid (comm) state ppid …", where comm may hold spaces and parentheses, so the
    /// fields are counted from the last ')'. utime and stime are fields 14 and 15, starttime field 22 (proc(5)).
    /// </summary>
    public static ProcessStat? ParseStat(string text)
    {
        var open = text.IndexOf('(');
        var close = text.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            return null;
        }

        var fields = text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // fields[0] is field 3 (state): field k is fields[k - 3].
        if (fields.Length < 20
            || !long.TryParse(fields[11], NumberStyles.Integer, CultureInfo.InvariantCulture, out var utime)
            || !long.TryParse(fields[12], NumberStyles.Integer, CultureInfo.InvariantCulture, out var stime)
            || !long.TryParse(fields[19], NumberStyles.Integer, CultureInfo.InvariantCulture, out var start))
        {
            return null;
        }

        return new ProcessStat(text[(open + 1)..close], utime + stime, start);
    }

    /// <summary>The parent's process id, field 4 of <c>/proc/PID/stat</c>; null when unreadable.</summary>
    public static int? ParseParentPid(string text)
    {
        var close = text.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var fields = text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 1 && int.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ppid) ? ppid : null;
    }

    /// <summary>The resident set size from <c>/proc/PID/status</c> (<c>VmRSS: 1234 kB</c>), in bytes; 0 when absent (a zombie).</summary>
    public static long ParseRssBytes(string status) =>
        StatusField(status, "VmRSS") is { } value && long.TryParse(value.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb)
            ? kb * 1024
            : 0;

    /// <summary>The CPUs a process may run on, from <c>Cpus_allowed_list</c> in <c>/proc/PID/status</c>; null when absent.</summary>
    public static IReadOnlySet<int>? ParseAllowedCpus(string status) =>
        StatusField(status, "Cpus_allowed_list") is { } list ? ParseCpuList(list) : null;

    /// <summary>A kernel CPU list, "0-3,8,10-11"; null when malformed.</summary>
    public static IReadOnlySet<int>? ParseCpuList(string list)
    {
        var cpus = new HashSet<int>();
        foreach (var part in list.Trim().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var range = part.Split('-');
            if (!int.TryParse(range[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var first))
            {
                return null;
            }

            var last = first;
            if (range.Length == 2 && !int.TryParse(range[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out last))
            {
                return null;
            }

            if (range.Length > 2 || last < first || last - first > 65_536)
            {
                return null;
            }

            for (var cpu = first; cpu <= last; cpu++)
            {
                cpus.Add(cpu);
            }
        }

        return cpus.Count > 0 ? cpus : null;
    }

    /// <summary>
    /// The cgroup folders, relative to the cgroup mount, whose CPU quota applies to a process, from
    /// <c>/proc/PID/cgroup</c>: cgroup v2's unified line (<c>0::/path</c>) as ("", path), and cgroup v1's cpu
    /// controller (<c>4:cpu,cpuacct:/path</c>) as ("cpu,cpuacct", path).
    /// </summary>
    public static (string Controller, string Path)? ParseCgroup(string text)
    {
        (string, string)? v1 = null;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(':', 3);
            if (parts.Length != 3)
            {
                continue;
            }

            if (parts[0] == "0" && parts[1].Length == 0)
            {
                return (string.Empty, parts[2].Trim());
            }

            if (parts[1].Split(',').Contains("cpu"))
            {
                v1 = (parts[1], parts[2].Trim());
            }
        }

        return v1;
    }

    /// <summary>cgroup v2's <c>cpu.max</c>, "QUOTA PERIOD" or "max PERIOD", as CPUs; null when unlimited or malformed.</summary>
    public static double? ParseCpuMax(string text)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length == 2 && parts[0] != "max" ? Quota(parts[0], parts[1]) : null;
    }

    /// <summary>cgroup v1's <c>cpu.cfs_quota_us</c> and <c>cpu.cfs_period_us</c> as CPUs; null when unlimited (-1) or malformed.</summary>
    public static double? Quota(string quota, string period) =>
        long.TryParse(quota.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var q) && q > 0
        && long.TryParse(period.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) && p > 0
            ? q / (double)p
            : null;

    /// <summary>
    /// The machine's idle time (idle + iowait, in clock ticks) and its number of CPUs, from <c>/proc/stat</c>; null
    /// when malformed. Busy time is left to the caller to derive as wall time × CPUs − idle: the kernel counts busy
    /// time by sampling at each tick, which misses the short bursts of a server answering requests (measured: 4.5%
    /// busy by ticks while one process alone used 9.5%), whereas a tickless kernel counts idle time exactly.
    /// </summary>
    public static (long IdleTicks, int Cpus)? ParseMachineIdle(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0)
        {
            return null;
        }

        var fields = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 6 || fields[0] != "cpu"
            || !long.TryParse(fields[4], NumberStyles.Integer, CultureInfo.InvariantCulture, out var idle)
            || !long.TryParse(fields[5], NumberStyles.Integer, CultureInfo.InvariantCulture, out var iowait))
        {
            return null;
        }

        var cpus = lines.Count(l => l.StartsWith("cpu", StringComparison.Ordinal) && l.Length > 3 && char.IsAsciiDigit(l[3]));
        return cpus > 0 ? (idle + iowait, cpus) : null;
    }

    /// <summary>The arguments of <c>/proc/PID/cmdline</c>, NUL-separated.</summary>
    public static IReadOnlyList<string> ParseCmdline(string text) =>
        text.Split('\0', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The seconds since boot, the first number of <c>/proc/uptime</c>.</summary>
    public static double? ParseUptimeSeconds(string text) =>
        double.TryParse(text.Split(' ', 2)[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;

    private static string? StatusField(string status, string name)
    {
        foreach (var line in status.Split('\n'))
        {
            if (line.StartsWith(name, StringComparison.Ordinal) && line.Length > name.Length && line[name.Length] == ':')
            {
                return line[(name.Length + 1)..].Trim();
            }
        }

        return null;
    }
}
