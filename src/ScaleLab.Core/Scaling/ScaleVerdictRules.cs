using System.Globalization;
using ScaleLab.Core.Scalability;

namespace ScaleLab.Core.Scaling;

/// <summary>
/// The verdict of a scale-out series, in the seed article's terms: linear (doubling replicas doubles capacity),
/// sub-linear ("coordination overhead is eating your gains") or retrograde (capacity falls as replicas are added);
/// the cause (contention σ, coherency κ, a saturated tier, or none); the tier that saturates first, or
/// "coordination" when none does and efficiency still falls. Steps where the generator or the machine itself was the
/// limit end the series the verdict is drawn from: what lies beyond them describes the machine, not the system.
/// </summary>
public static class ScaleVerdictRules
{
    /// <summary>Efficiency at the largest count from which scaling is called linear: the issue's 0.85.</summary>
    public const double LinearEfficiency = 0.85;

    /// <summary>A tier whose CPU reaches this share of the cores it may use is saturated.</summary>
    public const double TierSaturated = 0.85;

    /// <summary>
    /// Threads running or queued for a CPU, per core the tier may use, from which it is saturated however much of its
    /// cores a busy machine lets it have: as many as a single server at <see cref="TierSaturated"/> holds on average
    /// (ρ/(1−ρ), 5.7). A database whose backends queue this long for its core asks for more than it may use.
    /// </summary>
    public const double QueueSaturated = TierSaturated / (1 - TierSaturated);

    /// <summary>
    /// The share of its cores a tier must use itself before its waiting counts towards saturation: a tier that barely
    /// runs yet waits long is starved by a busy machine, which is then the limit, not that tier.
    /// </summary>
    public const double TierBusyForWaits = 0.5;

    /// <summary>A machine busier than this (percent) is the limit unless one tier of the system dominates it.</summary>
    public const double MachineBusyPercent = 90;

    /// <summary>
    /// The share of a busy machine's CPU the experiment's own processes must account for before a shared tier can be
    /// said to dominate it: on a machine kept busy by others, a tier that merely uses more than the replicas (a
    /// database doing each request's work at 15% of its core) has not saturated anything.
    /// </summary>
    public const double OwnShareOfBusyMachine = 0.75;

    /// <summary>A capacity this much below a smaller count's is a fall, not noise.</summary>
    public const double RetrogradeDrop = 0.05;

    /// <summary>κ·N(N−1) must outweigh σ·(N−1) by this factor at the largest count for the cause to be coherency.</summary>
    private const double CoherencyDominance = 1.0;

    /// <summary>Below this share of the denominator at the largest count, neither σ nor κ explains anything.</summary>
    private const double NegligibleShare = 0.05;

    private static readonly string[] SharedRoles = ["database", "store", "balancer"];

    /// <summary>
    /// Marks <paramref name="step"/> as limited by the machine when the machine was busier than
    /// <see cref="MachineBusyPercent"/> and no shared tier (database, store, balancer) saturated: neither at the
    /// cores it may use, nor using more CPU than the replicas together on a machine the experiment itself keeps busy.
    /// A shared tier that saturates is the finding (saturation), not a limit of the experiment.
    /// </summary>
    public static ScaleStep MarkMachineLimit(ScaleStep step, int machineCores)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (step.GeneratorLimited || step.MachineCpuPercent is not { } busy || busy < MachineBusyPercent || Saturated(step, machineCores) is not null)
        {
            return step;
        }

        return step with { GeneratorLimited = true, LimitedBy = "machine" };
    }

    /// <summary>The verdict on <paramref name="series"/> (one size, ordered by replicas); null with fewer than two steps.</summary>
    public static ScaleVerdict? Judge(IReadOnlyList<ScaleStep> series, UslSection? usl, int machineCores)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count < 2)
        {
            return null;
        }

        var firstLimited = series.Select((s, i) => (s, i)).FirstOrDefault(x => x.s.GeneratorLimited);
        var trusted = firstLimited.s is null ? series : series.Take(firstLimited.i).ToArray();
        var limitNote = firstLimited.s is { } limited
            ? Text($" At {limited.Replicas} replicas the {limited.LimitedBy ?? "generator"} was the limit{MachineNote(limited)}, not the system: the verdict stops at {(trusted.Count > 0 ? trusted[^1].Replicas : 1)}.")
            : string.Empty;
        if (trusted.Count < 2)
        {
            return new ScaleVerdict(
                "inconclusive",
                "none",
                firstLimited.s?.LimitedBy ?? "generator",
                Text($"No verdict: at {firstLimited.s!.Replicas} replica{(firstLimited.s.Replicas == 1 ? "" : "s")} the {firstLimited.s.LimitedBy ?? "generator"} was already the limit{MachineNote(firstLimited.s)}, so the measured capacities describe this machine, not how the system scales."),
                "Run the load generator on another machine (or give the system more cores than the generator uses), then measure again.");
        }

        var first = trusted[0];
        var last = trusted[^1];
        var previous = trusted[^2];
        var retrograde = trusted.Skip(1).Select((s, i) => (s, best: trusted.Take(i + 1).Max(t => t.Capacity)))
            .FirstOrDefault(x => x.s.Capacity < x.best * (1 - RetrogradeDrop));
        var kind = retrograde.s is not null ? "retrograde" : last.Efficiency >= LinearEfficiency ? "linear" : "sub-linear";

        var saturated = trusted.Select(s => (step: s, found: Saturated(s, machineCores))).FirstOrDefault(x => x.found is not null);
        var gain = previous.Capacity > 0 ? last.Capacity / previous.Capacity - 1 : 0;
        var gainText = Text($"Adding replicas {previous.Replicas} to {last.Replicas} {(gain >= 0 ? "added" : "lost")} {Math.Abs(gain) * 100:0}% capacity ({previous.Capacity:0} → {last.Capacity:0} req/s; efficiency {last.Efficiency:0.00} at {last.Replicas})");

        if (saturated.found is { } found)
        {
            var role = found.Tier.Role;
            var usage = RoleUsage(found.FlatOut ? saturated.step.FlatOutTiers : saturated.step.Tiers, role, machineCores);
            var when = found.FlatOut ? " when driven flat out" : string.Empty;
            var queue = usage.Waiting >= 0.05 ? Text($"; {usage.Waiting:0.#} of its threads queued for a CPU on average") : string.Empty;
            return new ScaleVerdict(
                kind,
                "saturation",
                role,
                Text($"{gainText} while the {role} tier is at {usage.Share * 100:0}% CPU ({usage.Cores:0.##} of {usage.Allowed:0.##} cores{queue}){when} from {saturated.step.Replicas} replica{(saturated.step.Replicas == 1 ? "" : "s")}: scaling the replicas is scaling the wrong component.{limitNote}"),
                Advice(role));
        }

        if (kind == "linear")
        {
            return new ScaleVerdict(
                kind,
                "none",
                null,
                Text($"Linear scaling: {first.Replicas} to {last.Replicas} replicas multiplied capacity by {(first.Capacity > 0 ? last.Capacity / first.Capacity : 0):0.0} ({first.Capacity:0} → {last.Capacity:0} req/s, efficiency {last.Efficiency:0.00}); no tier saturates.{limitNote}"),
                "Scale out: replicas add capacity in proportion here. Measure again before each tier it shares (database, store, balancer) nears saturation.");
        }

        var cause = Cause(kind, usl, last.Replicas);
        var why = cause switch
        {
            _ when usl is null => Text($"with {trusted.Count} replica counts the USL cannot be fitted, so contention is the likelier reading of a flattening curve (measure three or more counts to tell contention from coherency)"),
            "coherency" => Text($"every replica pays for the others (coherency κ = {usl.Kappa:0.####}), so capacity {(kind == "retrograde" ? "falls" : "flattens")} as replicas are added"),
            "contention" => Text($"the replicas wait for one another (contention σ = {usl.Sigma:0.###}{(usl.AmdahlCeiling is { } ceiling ? Text($"; Amdahl's ceiling {ceiling:0} req/s") : string.Empty)})"),
            _ => "no tier saturates and the fit finds neither contention nor coherency large",
        };
        return new ScaleVerdict(
            kind,
            cause,
            "coordination",
            Text($"{gainText}, and no tier is saturated: a coordination problem, not a capacity problem; {why}.{limitNote}"),
            cause switch
            {
                "coherency" => "Remove the all-to-all work: stop broadcasting every write to every replica (invalidate by key with a TTL, or partition the data so that one replica owns each key).",
                "contention" => "Find what every request waits on together (a global lock, one hot row, a single queue) and shrink or partition it; more replicas only queue on it.",
                _ => "Measure more replica counts to tell contention from coherency, and look at where requests wait (locks, connection pools, the balancer).",
            });
    }

    /// <summary>The cause the USL's coefficients point to at the largest count measured.</summary>
    internal static string Cause(string kind, UslSection? usl, int replicas)
    {
        if (usl is null)
        {
            return kind == "retrograde" ? "coherency" : "contention";
        }

        var model = new UslModel(usl.Sigma, usl.Kappa, usl.Lambda);
        var contention = model.ContentionShare(replicas);
        var coherency = model.CoherencyShare(replicas);
        if (contention < NegligibleShare && coherency < NegligibleShare)
        {
            return kind == "retrograde" ? "coherency" : "none";
        }

        return coherency > contention * CoherencyDominance ? "coherency" : "contention";
    }

    /// <summary>
    /// The first shared tier (database, store, balancer) at or above <see cref="TierSaturated"/> of the cores it may
    /// use: at the capacity rate, or else while the warm-up drove the system flat out (where the tier that limits
    /// throughput is at its cores, whereas a tail objective stops the capacity rate short of them: a single core at
    /// 80% already queues a p99 several service times long); or the one dominating a busy machine. Whether the
    /// flat-out sample was the one that showed it.
    /// </summary>
    internal static (TierUsage Tier, bool FlatOut)? Saturated(ScaleStep step, int machineCores)
    {
        foreach (var (tiers, flatOut) in new[] { (step.Tiers, false), (step.FlatOutTiers, true) })
        {
            foreach (var role in SharedRoles)
            {
                var usage = RoleUsage(tiers, role, machineCores);
                if (usage.Cores > 0 && IsSaturated(usage))
                {
                    return (tiers.First(t => t.Role == role), flatOut);
                }
            }
        }

        return step.MachineCpuPercent >= MachineBusyPercent && Dominant(step, machineCores) is { } dominant ? (dominant, false) : null;
    }

    /// <summary>
    /// On a busy machine: the shared tier that uses more CPU than the replicas together, if any, and only when the
    /// experiment's own processes account for most of the machine's busy CPU (<see cref="OwnShareOfBusyMachine"/>):
    /// otherwise the machine is busy with something else, and that is the limit, not the tier.
    /// </summary>
    private static TierUsage? Dominant(ScaleStep step, int machineCores)
    {
        var busyCores = (step.MachineCpuPercent ?? 0) / 100 * Math.Max(1, machineCores);
        if (busyCores <= 0 || step.Tiers.Sum(t => t.CpuCores) < OwnShareOfBusyMachine * busyCores)
        {
            return null;
        }

        var replicas = RoleUsage(step.Tiers, "replica", machineCores).Cores;
        var top = SharedRoles.Select(role => (role, usage: RoleUsage(step.Tiers, role, machineCores)))
            .Where(x => x.usage.Cores > 0).OrderByDescending(x => x.usage.Cores).FirstOrDefault();
        return top.role is not null && top.usage.Cores > replicas ? step.Tiers.First(t => t.Role == top.role) : null;
    }

    /// <summary>
    /// Whether a tier asks for the cores it may use: its CPU alone at <see cref="TierSaturated"/>, or, once it uses
    /// <see cref="TierBusyForWaits"/> of them itself, its threads running and queued for a CPU at
    /// <see cref="QueueSaturated"/> per core.
    /// </summary>
    internal static bool IsSaturated((double Cores, double Allowed, double Share, double Waiting) usage) =>
        usage.Allowed > 0
        && (usage.Share >= TierSaturated || (usage.Share >= TierBusyForWaits && (usage.Cores + usage.Waiting) / usage.Allowed >= QueueSaturated));

    /// <summary>
    /// A role's CPU over all its processes: cores used, cores it may use (capped by the machine's), the share, and
    /// the cores' worth of time its processes waited for a CPU while runnable.
    /// </summary>
    internal static (double Cores, double Allowed, double Share, double Waiting) RoleUsage(IReadOnlyList<TierUsage> tiers, string role, int machineCores)
    {
        var ofRole = tiers.Where(t => t.Role == role).ToArray();
        var cores = ofRole.Sum(t => t.CpuCores);
        var allowed = Math.Min(ofRole.Sum(t => t.AllowedCores ?? machineCores), Math.Max(1, machineCores));
        return (cores, allowed, allowed > 0 ? cores / allowed : 0, ofRole.Sum(t => t.CpuWaitCores ?? 0));
    }

    /// <summary>" (machine CPU 100%, 0.6 cores of it this experiment's)": whether the system or something else kept the machine busy.</summary>
    private static string MachineNote(ScaleStep step) =>
        step.MachineCpuPercent is { } busy
            ? step.Tiers.Count > 0
                ? Text($" (machine CPU {busy:0}%, {step.Tiers.Sum(t => t.CpuCores):0.##} cores of it this experiment's processes)")
                : Text($" (machine CPU {busy:0}%)")
            : string.Empty;

    private static string Advice(string role) => role switch
    {
        "database" => "Scale the database, not the replicas: cache the hot reads, add an index or shards, or give it more cores; Twitter needed to shard MySQL, not add Rails servers.",
        "store" => "Scale the store: shard it or give it more cores, and keep fewer round trips per request.",
        "balancer" => "Scale the balancer: give it more cores, run more than one, or use a lighter one (--balancer haproxy).",
        _ => "Scale the saturated tier, not the replicas.",
    };

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
