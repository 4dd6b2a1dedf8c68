namespace ScaleLab.Load.Diagnosis;

/// <summary>
/// How many CPUs a set of processes may use: the CPUs their affinity masks allow together, capped by the CPU
/// quotas (cgroup v2 <c>cpu.max</c>, or v1 <c>cpu.cfs_quota_us</c>) of the cgroups they run in, the tightest
/// quota on the way up to the root counting, and one quota per distinct cgroup.
/// </summary>
internal static class CpuAllowance
{
    public static double For(IEnumerable<int> pids, string procRoot, string cgroupRoot)
    {
        var cpus = new HashSet<int>();
        var cgroups = new Dictionary<string, double>(StringComparer.Ordinal);
        var anyAffinity = false;
        foreach (var pid in pids)
        {
            if (Read(Path.Combine(procRoot, pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "status")) is { } status
                && ProcFiles.ParseAllowedCpus(status) is { } allowed)
            {
                cpus.UnionWith(allowed);
                anyAffinity = true;
            }

            if (Read(Path.Combine(procRoot, pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "cgroup")) is { } cgroup
                && ProcFiles.ParseCgroup(cgroup) is { } where)
            {
                var key = where.Controller + ":" + where.Path;
                if (!cgroups.ContainsKey(key))
                {
                    cgroups[key] = QuotaOf(where.Controller, where.Path, cgroupRoot);
                }
            }
        }

        double limit = anyAffinity ? cpus.Count : Environment.ProcessorCount;
        if (cgroups.Count > 0)
        {
            limit = Math.Min(limit, cgroups.Values.Sum());
        }

        return limit;
    }

    /// <summary>The tightest quota from the cgroup up to the root; infinity when none is set.</summary>
    public static double QuotaOf(string controller, string path, string cgroupRoot)
    {
        var mount = controller.Length == 0 ? cgroupRoot : Path.Combine(cgroupRoot, controller);
        var quota = double.PositiveInfinity;
        var relative = path.Trim('/');
        while (true)
        {
            var folder = relative.Length == 0 ? mount : Path.Combine(mount, relative);
            var cpus = controller.Length == 0
                ? Read(Path.Combine(folder, "cpu.max")) is { } max ? ProcFiles.ParseCpuMax(max) : null
                : Read(Path.Combine(folder, "cpu.cfs_quota_us")) is { } q && Read(Path.Combine(folder, "cpu.cfs_period_us")) is { } p ? ProcFiles.Quota(q, p) : null;
            if (cpus is { } value)
            {
                quota = Math.Min(quota, value);
            }

            if (relative.Length == 0)
            {
                return quota;
            }

            var slash = relative.LastIndexOf('/');
            relative = slash < 0 ? string.Empty : relative[..slash];
        }
    }

    private static string? Read(string path)
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
