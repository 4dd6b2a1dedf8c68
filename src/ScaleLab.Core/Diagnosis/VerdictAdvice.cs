using static ScaleLab.Core.Diagnosis.DiagnosisText;

namespace ScaleLab.Core.Diagnosis;

/// <summary>What to do, from the kind and the cause: the article's answers, with this target's numbers in them.</summary>
internal static class VerdictAdvice
{
    public static IReadOnlyList<string> For(VerdictKind kind, VerdictCause cause, RampView view, Slo slo, int users, bool watching, DiagnosisThresholds t, Knee? knee)
    {
        var advice = new List<string>();
        if (kind is VerdictKind.Performance or VerdictKind.Both)
        {
            advice.AddRange(Performance(view, slo, kind == VerdictKind.Both, t));
        }

        switch (cause)
        {
            case VerdictCause.Contention:
                advice.AddRange(Contention(view, watching, knee));
                break;
            case VerdictCause.Saturation:
                advice.AddRange(Saturation());
                break;
            case VerdictCause.Coherency:
                advice.AddRange(Coherency(view));
                break;
        }

        if (kind == VerdictKind.Healthy)
        {
            var tested = view.Judged[^1].Concurrency;
            advice.Add(tested >= users
                ? $"Nothing to fix at {Users(users)}: the objective holds and throughput keeps up with load."
                : $"Nothing to fix up to {Users(tested)}; the ramp did not reach the {Users(users)} to serve, so re-run with a larger --max-duration to cover them.");
            advice.Add($"To find where it stops scaling, re-run with --max-users above {users}: the ramp goes on until throughput flattens or the objective breaks.");
        }

        return advice;
    }

    private static IEnumerable<string> Performance(RampView view, Slo slo, bool both, DiagnosisThresholds t)
    {
        var value = slo.ValueOf(view.Baseline.LatencyMs);
        yield return view.Baseline.ErrorRate > t.MaxErrorRate && value <= slo.ThresholdMs
            ? "Find out why requests fail with one user: the errors are in the request itself, not in the load."
            : $"Profile one request: one user already waits {Ms(value)} at {slo.Name}, so the time goes into the work itself, not into waiting for other requests.";
        yield return "Look at the algorithm, the queries (N+1 queries, missing indexes) and what could be cached.";
        yield return both
            ? "Fix the one-request time first: every user pays it, and shorter requests also hold shared resources for less time."
            : "More servers will not help: a request is as slow alone as it is under load.";
    }

    private static IEnumerable<string> Contention(RampView view, bool watching, Knee? knee)
    {
        var analysis = view.Analysis;
        var share = analysis is not null && analysis.Amdahl.Model.Sigma > 0
            ? $" (σ = {Coefficient(analysis.Amdahl.Model.Sigma)}: about {Percent(analysis.Amdahl.Model.Sigma)} of each request's work waits for it)"
            : string.Empty;
        var size = knee is null ? string.Empty : $" that admits about {Number(Math.Round(knee.Concurrency))} requests at a time";
        yield return $"Find the serialised section{size}: a lock, a connection or thread pool, a single-threaded stage, one hot row{share}.";

        // Whether more instances help depends on where the limit lives, which the measurements cannot tell: say both.
        var ceiling = analysis?.Amdahl.AmdahlCeiling is { } c ? $" of about {Rate(c)}" : string.Empty;
        yield return "If the limit belongs to each instance (its worker threads, its connection pool, its worker processes), more instances raise the ceiling " +
                     "roughly in proportion, and so does a larger pool per instance.";
        yield return $"If every instance shares it (a lock, one database, one hot row, one queue), more instances or more CPUs will not raise the ceiling{ceiling}: " +
                     "shorten it, split it (shard the lock or the data) or enlarge it.";
        if (!watching)
        {
            yield return "If the target's CPU turns out to be full instead (re-run with --watch PID), treat it as saturation: make each request cheaper, scale up, or scale out.";
        }
    }

    private static IEnumerable<string> Saturation()
    {
        yield return "This instance is full: requests queue for its CPU, so throughput cannot grow on it.";
        yield return "Make each request cheaper: profile where the CPU goes (serialisation, allocation, logging, crypto).";
        yield return "Or add capacity: scale up to more cores, or scale out behind a load balancer if the service is stateless (sessions and caches in a shared store).";
    }

    private static IEnumerable<string> Coherency(RampView view)
    {
        yield return "Remove the all-to-all coordination: work that grows with the number of requests in flight, such as shared state every request reads or updates, invalidations sent to everyone, or a lock whose holders wait on one another.";
        var peak = view.Analysis?.Usl.PeakConcurrency is { } nStar
            ? Number(nStar)
            : view.Measured.MaxBy(s => s.Throughput)!.Concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture);
        yield return $"Until then, cap concurrency near N* ≈ {peak} (a limit or a queue in front): past it, more concurrent requests lower throughput.";
        yield return "Adding instances that coordinate with each other makes it worse; add them once the coordination is gone.";
    }
}
