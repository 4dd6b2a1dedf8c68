using System.Globalization;
using ScaleLab.Core.Results;
using ScaleLab.Core.Scalability;
using ScaleLab.Core.Scaling;

namespace ScaleLab.Core.Planning;

/// <summary>
/// Answers "scale out or scale up, how far, at what cost" from a <c>scale</c> result: the replica count whose lower
/// confidence band still covers the target (none past the USL peak N*), the smallest catalog machine whose
/// predicted capacity over cores covers it, each priced, what one failed replica costs, and a recommendation.
/// </summary>
public static class CapacityPlanner
{
    /// <summary>The most replicas a plan considers when capacity has no peak (κ = 0).</summary>
    public const int MaxReplicas = 10_000;

    /// <summary>Scale-out is preferred while it costs at most this much more than scale-up: one failed machine takes 1/N, not everything.</summary>
    public const double ResilienceAllowance = 0.2;

    /// <summary>Makes the plan.</summary>
    /// <exception cref="PlanningException">The request cannot be planned (one step, no target, an unknown instance); one line says why.</exception>
    public static PlanResult Plan(PlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scale = request.Scale;
        var steps = scale.Steps.Where(s => s.Capacity > 0 && double.IsFinite(s.Capacity)).ToArray();
        if (steps.Length < 2)
        {
            throw new PlanningException(scale.Steps.Count < 2
                ? "the scale result has one step: a plan needs capacity at two sizes or more (scale --replicas 1,2,4)"
                : "the scale result has fewer than two steps with a capacity above 0: nothing to extrapolate from");
        }

        var peak = steps.Max(s => s.Capacity);
        var target = request.TargetThroughput ?? request.Growth * peak
            ?? throw new PlanningException("give a target (--target 10000rps) or a growth of the measured peak (--growth 3x)");
        if (!(target > 0) || !double.IsFinite(target))
        {
            throw new PlanningException("the target must be a throughput above 0");
        }

        var targetSource = request.TargetThroughput is not null
            ? $"--target {Rate(target)}"
            : $"{request.Growth?.ToString("0.##", CultureInfo.InvariantCulture)}x the measured peak of {Rate(peak)}";
        var slo = request.Slo ?? scale.Slo;
        var warnings = new List<string>();
        if (request.Slo is { } asked && (asked.Percentile > scale.Slo.Percentile || asked.LatencyMs < scale.Slo.LatencyMs))
        {
            warnings.Add($"the capacities were measured under {SloText(scale.Slo)}; under the stricter {SloText(asked)} they are lower: measure with scale --slo p{Number(asked.Percentile)}={Number(asked.LatencyMs)}ms for a plan that holds");
        }

        var performanceLimit = PerformanceLimit(request, slo);
        if (target <= steps.Min(s => s.Capacity))
        {
            warnings.Add($"the target {Rate(target)} is at or below what the smallest size measured already handles ({Rate(steps.Min(s => s.Capacity))})");
        }

        var (outPlan, outOption, outCurve) = ScaleOut(request, steps, target, slo, performanceLimit);
        var (upPlan, upOption, upCurve) = ScaleUp(request, steps, target, slo, performanceLimit);
        if (outPlan is null && upPlan is null)
        {
            throw new PlanningException("the scale result measured neither two replica counts nor two core counts at one replica: nothing to extrapolate from");
        }

        var options = new[] { outOption, upOption }.OfType<PlanOption>().ToArray();
        var catalog = request.Catalog;
        if (catalog.ExamplePrices)
        {
            warnings.Add($"prices are examples, not quotes ({catalog.Source ?? "no source"}, {catalog.Date ?? "undated"}): pass your own with --catalog");
        }

        return new PlanResult
        {
            Target = Math.Round(target, 2),
            TargetSource = targetSource,
            MeasuredPeak = peak,
            Slo = SloText(slo),
            Catalog = new CatalogInfo(catalog.Source, catalog.Date, catalog.Currency, catalog.ExamplePrices),
            Options = options,
            Recommendation = Recommend(outOption, upOption, outPlan, target, catalog, performanceLimit),
            ScaleOut = outPlan,
            ScaleUp = upPlan,
            CostCurve = new CostCurve(outCurve, upCurve),
            Warnings = warnings,
        };
    }

    /// <summary>When one user alone already misses the objective (the diagnosis's baseline), no size can meet it: the sentence that says so.</summary>
    private static string? PerformanceLimit(PlanRequest request, ScaleObjective slo)
    {
        if (request.Diagnose?.Baseline is not { } baseline || baseline.Requests == 0)
        {
            return null;
        }

        var latency = Percentile(baseline.LatencyMs, slo.Percentile);
        return latency > slo.LatencyMs
            ? $"one user alone already waits {Ms(latency)} at p{Number(slo.Percentile)} (the diagnosis's baseline), over the objective's {Ms(slo.LatencyMs)}: no number or size of machines fixes a performance problem; make the request faster first"
            : null;
    }

    private static (ScaleOutPlan?, PlanOption?, IReadOnlyList<CostPoint>) ScaleOut(PlanRequest request, ScaleStep[] steps, double target, ScaleObjective slo, string? performanceLimit)
    {
        // The replica series: the (cores, memory) size measured at the most replica counts.
        var series = steps.GroupBy(s => (s.Cpus, s.MemoryMb))
            .Select(g => g.OrderBy(s => s.Replicas).ToArray())
            .OrderByDescending(g => g.Select(s => s.Replicas).Distinct().Count())
            .ThenBy(g => g[0].Cpus ?? 0)
            .First();
        var curve = CapacityCurve.Fit([.. series.Select(s => ((double)s.Replicas, s.Capacity))]);
        if (curve is null)
        {
            return (null, null, []);
        }

        var replicaCpus = series[0].Cpus ?? 1;
        var instance = Instance(request, replicaCpus);
        var model = curve.Model;
        var limit = model.PeakConcurrency is { } nStar ? Math.Max(1, (int)Math.Floor(nStar)) : MaxReplicas;
        int? needed = null;
        for (var n = 1; n <= limit; n++)
        {
            if (curve.At(n).Lower >= target)
            {
                needed = n;
                break;
            }
        }

        // Where the fit itself (not its lower band) reaches the target: when only that does, the count is unproven.
        int? byFit = needed;
        for (var n = 1; byFit is null && n <= limit; n++)
        {
            if (curve.At(n).Point >= target)
            {
                byFit = n;
            }
        }

        var count = needed ?? byFit ?? Enumerable.Range(1, Math.Min(limit, MaxReplicas)).MaxBy(n => curve.At(n).Point);
        var at = curve.At(count);
        var notes = new List<string>
        {
            $"capacity against replicas: {curve.Method}, from {string.Join(", ", series.Select(s => s.Replicas).Distinct())} replicas measured",
            $"each replica is taken to need one {instance.Name} ({instance.Vcpus} vCPUs), measured with {replicaCpus} CPU{(replicaCpus == 1 ? string.Empty : "s")}",
        };
        if (count > 2 * curve.MaxMeasured)
        {
            notes.Add($"{count} replicas is an extrapolation: at most {curve.MaxMeasured} were measured");
        }

        double? kappaNeeded = null, sigmaNeeded = null;
        if (needed is null && byFit is not null)
        {
            notes.Add($"unproven: the fit reaches {Rate(target)} at {count} replicas, but its lower band does not; that far beyond the {curve.MaxMeasured} replicas measured the band is wide: measure nearer {count} to narrow it");
        }
        else if (needed is null)
        {
            notes.Add(model.PeakConcurrency is { } star
                ? $"unreachable by adding replicas: capacity peaks at N* = {Number(star)} replicas ({Rate(model.Throughput(star))}) and falls beyond"
                : $"unreachable within {MaxReplicas} replicas: capacity approaches Amdahl's ceiling {Rate(model.AmdahlCeiling ?? 0)}");
            kappaNeeded = model.Kappa > 0 ? Needed(model.Kappa, k => Best(model.With(kappa: k)) >= target) : null;
            sigmaNeeded = model.Sigma > 0 ? Needed(model.Sigma, s => Best(model.With(sigma: s)) >= target) : null;
            if (kappaNeeded is { } k)
            {
                notes.Add($"to reach it, coherency κ would have to fall from {Coefficient(model.Kappa)} to {Coefficient(k)} (σ as measured)");
            }

            if (sigmaNeeded is { } s)
            {
                notes.Add($"{(kappaNeeded is null ? "to reach it, contention" : "or contention")} σ would have to fall from {Coefficient(model.Sigma)} to {Coefficient(s)} (κ as measured)");
            }

            if (kappaNeeded is null && sigmaNeeded is null)
            {
                notes.Add("neither σ nor κ alone would do: each request itself must get cheaper (λ)");
            }
        }

        var failure = Failure(curve, count, target, limit);
        var (latency, latencyNote) = Latency(series.Select(s => (s.Replicas, s)), count, slo, "replicas");
        notes.Add(latencyNote);
        var (coordination, coordinationNote) = Coordination(series, count);
        notes.Add(coordinationNote);
        notes.Add(request.Diagnose?.Baseline is { } direct
            ? $"the balancer's extra hop is not measured apart: every scale step went through it; one user direct (diagnose) waited {Ms(direct.LatencyMs.P50)} at p50, the balanced step at one replica {Ms(series[0].LatencyMs.P50)} at capacity, hop and queueing together"
            : "the balancer's extra hop is not measured apart: every scale step went through it (a diagnose result of one instance direct, --from, would bound it)");
        if (performanceLimit is not null)
        {
            notes.Add(performanceLimit);
        }

        var reachable = needed is not null && performanceLimit is null;
        var option = new PlanOption
        {
            Kind = "scale-out",
            Instance = instance.Name,
            Count = count,
            Throughput = Math.Round(at.Point, 1),
            ThroughputCi = Rounded(at.Band),
            LatencyMs = latency,
            MonthlyCost = instance.MonthlyCost(count),
            Reachable = reachable,
            Headroom = Math.Round(at.Lower / target - 1, 4),
            Vcpus = instance.Vcpus,
            Notes = notes,
        };
        var plan = new ScaleOutPlan
        {
            Instance = instance.Name,
            MeasuredReplicas = [.. series.Select(s => s.Replicas).Distinct()],
            Method = curve.Method,
            Sigma = model.Sigma,
            Kappa = model.Kappa,
            Lambda = model.Lambda,
            PeakReplicas = model.PeakConcurrency,
            PeakThroughput = model.PeakThroughput,
            AmdahlCeiling = model.AmdahlCeiling,
            NeededCount = needed,
            KappaNeeded = kappaNeeded,
            SigmaNeeded = sigmaNeeded,
            Failure = failure,
            CoordinationLatencyMs = coordination,
            HopLatencyMs = null,
            Notes = notes,
        };
        var top = Math.Min(Math.Min(limit, 256), Math.Max(8, 2 * Math.Max(count, (int)curve.MaxMeasured)));
        var costCurve = Enumerable.Range(1, top)
            .Select(n => new CostPoint(instance.Name, n, instance.Vcpus, Math.Round(curve.At(n).Point, 1), instance.MonthlyCost(n)))
            .ToArray();
        return (plan, option, costCurve);
    }

    private static (ScaleUpPlan?, PlanOption?, IReadOnlyList<CostPoint>) ScaleUp(PlanRequest request, ScaleStep[] steps, double target, ScaleObjective slo, string? performanceLimit)
    {
        var withCpus = steps.Where(s => s.Cpus is not null).ToArray();
        if (withCpus.Length == 0)
        {
            return (null, null, []);
        }

        var fewest = withCpus.Min(s => s.Replicas);
        var series = withCpus.Where(s => s.Replicas == fewest).OrderBy(s => s.Cpus).ToArray();
        var curve = CapacityCurve.Fit([.. series.Select(s => ((double)s.Cpus!.Value, s.Capacity / fewest))]);
        if (curve is null)
        {
            return (null, null, []);
        }

        var machines = request.Catalog.Instances;
        // Past the peak N* of cores, more cores lose capacity; a larger machine would run no more workers than that.
        var usable = curve.Model.PeakConcurrency is { } corePeak ? Math.Max(1, Math.Floor(corePeak)) : double.PositiveInfinity;
        var priced = machines.Select(m => (Machine: m, At: curve.At(Math.Min(m.Vcpus, usable)))).ToArray();
        var largest = priced.MaxBy(p => (p.Machine.Vcpus, p.At.Point));
        var covering = priced.Where(p => p.At.Lower >= target).OrderBy(p => p.Machine.PricePerHour).ThenBy(p => p.Machine.Vcpus).ToArray();
        var reached = covering.Length > 0;
        // Short of the target, the option is the cheapest machine that gets the most the curve gives.
        var most = priced.Max(p => p.At.Point);
        var chosen = reached ? covering[0] : priced.Where(p => p.At.Point >= most * 0.999).OrderBy(p => p.Machine.PricePerHour).First();

        var notes = new List<string>
        {
            $"capacity against cores: {curve.Method}, from {string.Join(", ", series.Select(s => s.Cpus))} CPUs measured at {fewest} replica{(fewest == 1 ? string.Empty : "s")}",
            "a vCPU is taken to do what one measured CPU did; one machine has no balancer hop and no coordination between machines",
        };
        if (chosen.Machine.Vcpus > usable)
        {
            notes.Add($"capacity over cores peaks at N* = {Number(curve.Model.PeakConcurrency ?? 0)} cores ({Rate(curve.Model.PeakThroughput ?? 0)}): a machine larger than that adds nothing");
        }

        if (Math.Min(chosen.Machine.Vcpus, usable) > 2 * curve.MaxMeasured)
        {
            notes.Add($"{Math.Min(chosen.Machine.Vcpus, usable)} cores is an extrapolation: at most {curve.MaxMeasured} CPUs were measured");
        }

        if (!reached)
        {
            notes.Add($"the catalog's largest machine ({largest.Machine.Name}, {largest.Machine.Vcpus} vCPUs) runs out at {Rate(largest.At.Point)}: scale-up cannot reach {Rate(target)}");
        }

        var (latency, latencyNote) = Latency(series.Select(s => (s.Cpus!.Value, s)), chosen.Machine.Vcpus, slo, "CPUs");
        notes.Add(latencyNote);
        notes.Add("losing the one machine loses all capacity: run two for failover (twice the cost)");
        if (performanceLimit is not null)
        {
            notes.Add(performanceLimit);
        }

        var option = new PlanOption
        {
            Kind = "scale-up",
            Instance = chosen.Machine.Name,
            Count = 1,
            Throughput = Math.Round(chosen.At.Point, 1),
            ThroughputCi = Rounded(chosen.At.Band),
            LatencyMs = latency,
            MonthlyCost = chosen.Machine.MonthlyCost(),
            Reachable = reached && performanceLimit is null,
            Headroom = Math.Round(chosen.At.Lower / target - 1, 4),
            Vcpus = chosen.Machine.Vcpus,
            Notes = notes,
        };
        var plan = new ScaleUpPlan
        {
            MeasuredCpus = [.. series.Select(s => s.Cpus!.Value).Distinct()],
            Method = curve.Method,
            Sigma = curve.Model.Sigma,
            Kappa = curve.Model.Kappa,
            Lambda = curve.Model.Lambda,
            LargestInstance = largest.Machine.Name,
            LargestThroughput = Math.Round(largest.At.Point, 1),
            Notes = notes,
        };
        var costCurve = priced.Select(p => new CostPoint(p.Machine.Name, 1, p.Machine.Vcpus, Math.Round(p.At.Point, 1), p.Machine.MonthlyCost())).ToArray();
        return (plan, option, costCurve);
    }

    private static PlanRecommendation Recommend(PlanOption? scaleOut, PlanOption? scaleUp, ScaleOutPlan? outPlan, double target, InstanceCatalog catalog, string? performanceLimit)
    {
        var reasons = new List<string>();
        if (performanceLimit is not null)
        {
            return new PlanRecommendation("none", null, null, null, "optimise first: " + performanceLimit, [performanceLimit]);
        }

        var outOk = scaleOut is { Reachable: true };
        var upOk = scaleUp is { Reachable: true };
        if (!outOk && !upOk)
        {
            reasons.AddRange(scaleOut?.Notes.Where(n => n.StartsWith("unreachable", StringComparison.Ordinal) || n.StartsWith("unproven", StringComparison.Ordinal) || n.StartsWith("to reach", StringComparison.Ordinal) || n.StartsWith("or contention", StringComparison.Ordinal) || n.StartsWith("neither", StringComparison.Ordinal)) ?? []);
            reasons.AddRange(scaleUp?.Notes.Where(n => n.StartsWith("the catalog's largest", StringComparison.Ordinal)) ?? []);
            if (scaleUp is null)
            {
                reasons.Add("scale-up was not measured (scale --cpus 1,2 measures it)");
            }

            return new PlanRecommendation("none", null, null, null, $"neither path reaches {Rate(target)}: change the system (lower σ or κ, or cheaper requests) before buying machines", reasons);
        }

        PlanOption chosen;
        if (outOk && upOk)
        {
            var outCost = scaleOut!.MonthlyCost;
            var upCost = scaleUp!.MonthlyCost;
            chosen = outCost <= upCost * (1 + ResilienceAllowance) ? scaleOut : scaleUp;
            reasons.Add($"scale out: {scaleOut.Count} × {scaleOut.Instance} for {Money(outCost, catalog)}/month; scale up: one {scaleUp.Instance} for {Money(upCost, catalog)}/month");
            if (chosen == scaleOut && outCost > upCost)
            {
                reasons.Add($"scale-out costs {Percent(outCost / upCost - 1)} more, within the {Percent(ResilienceAllowance)} a plan pays for surviving a failed machine");
            }
        }
        else
        {
            chosen = outOk ? scaleOut! : scaleUp!;
            var other = outOk ? scaleUp : scaleOut;
            reasons.Add(other is null
                ? $"{(outOk ? "scale-up" : "scale-out")} was not measured"
                : other.Notes.FirstOrDefault(n => n.StartsWith("unreachable", StringComparison.Ordinal) || n.StartsWith("unproven", StringComparison.Ordinal) || n.StartsWith("the catalog's largest", StringComparison.Ordinal))
                    ?? $"{other.Kind} does not reach {Rate(target)}");
        }

        if (chosen.Kind == "scale-out" && outPlan?.Failure is { } failure)
        {
            reasons.Add(failure.MeetsTargetAfterLoss
                ? $"losing 1 of {failure.Count} replicas takes {Percent(failure.LostShare)} of capacity and still covers the target"
                : $"losing 1 of {failure.Count} replicas takes {Percent(failure.LostShare)} of capacity (1/N = {Percent(failure.IdealLostShare)}) and falls short: {(failure.CountWithOneSpare is { } spare ? $"run {spare} to survive one failure" : "no count survives one failure")}");
            reasons.Add("latency: one balancer hop more than a single machine, and the coordination the fit's σ and κ describe");
        }
        else if (chosen.Kind == "scale-up")
        {
            reasons.Add("one machine: no balancer hop, no coordination between machines, but a failure takes all capacity (run two for failover)");
        }

        var summary = $"{chosen.Kind}: {(chosen.Count == 1 && chosen.Kind == "scale-up" ? "one" : chosen.Count.ToString(CultureInfo.InvariantCulture) + " ×")} {chosen.Instance}, {Rate(chosen.Throughput)} predicted for {Rate(target)}, {Money(chosen.MonthlyCost, catalog)}/month{(catalog.ExamplePrices ? " at example prices" : string.Empty)}";
        return new PlanRecommendation(chosen.Kind, chosen.Instance, chosen.Count, chosen.MonthlyCost, summary, reasons);
    }

    private static FailureImpact? Failure(CapacityCurve curve, int count, double target, int limit)
    {
        var before = curve.At(count).Point;
        if (!(before > 0))
        {
            return null;
        }

        var after = count > 1 ? curve.At(count - 1).Point : 0;
        int? spare = null;
        for (var m = 2; m <= Math.Min(limit, MaxReplicas); m++)
        {
            if (curve.At(m - 1).Lower >= target)
            {
                spare = m;
                break;
            }
        }

        return new FailureImpact(count, Math.Round(before, 1), Math.Round(after, 1), Math.Round(1 - after / before, 4), Math.Round(1.0 / count, 4),
            count > 1 && curve.At(count - 1).Lower >= target, spare);
    }

    /// <summary>The objective's percentile at capacity at the nearest measured size at or below <paramref name="size"/>.</summary>
    private static (double?, string) Latency(IEnumerable<(int Size, ScaleStep Step)> measured, int size, ScaleObjective slo, string unit)
    {
        var ordered = measured.OrderBy(m => m.Size).ToArray();
        var nearest = ordered.LastOrDefault(m => m.Size <= size);
        if (nearest.Step is null)
        {
            return (null, $"latency at {size} {unit} not measured");
        }

        var latency = Percentile(nearest.Step.LatencyMs, slo.Percentile);
        return (latency, nearest.Size == size
            ? $"p{Number(slo.Percentile)} {Ms(latency)} measured at capacity with {size} {unit}"
            : $"p{Number(slo.Percentile)} {Ms(latency)} measured at capacity with {nearest.Size} {unit}, the nearest measured; at {size} not measured");
    }

    private static (double?, string) Coordination(ScaleStep[] series, int count)
    {
        var first = series[0];
        var nearest = series.LastOrDefault(s => s.Replicas <= count) ?? first;
        if (nearest.Replicas == first.Replicas)
        {
            return (null, "the coordination's added latency is not measured: no measured count between one and this");
        }

        var added = Math.Round(nearest.LatencyMs.P50 - first.LatencyMs.P50, 3);
        var beyond = count > nearest.Replicas ? $"; beyond {nearest.Replicas} replicas not measured" : string.Empty;
        return (added, $"coordination: p50 at capacity went from {Ms(first.LatencyMs.P50)} with {first.Replicas} replica{(first.Replicas == 1 ? string.Empty : "s")} to {Ms(nearest.LatencyMs.P50)} with {nearest.Replicas}{beyond}");
    }

    private static InstanceType Instance(PlanRequest request, int replicaCpus)
    {
        if (request.Instance is { } name)
        {
            return request.Catalog.Instances.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new PlanningException($"--instance {name}: not in the catalog ({string.Join(", ", request.Catalog.Instances.Select(i => i.Name))})");
        }

        return request.Catalog.SmallestWith(replicaCpus)
            ?? throw new PlanningException($"no machine in the catalog has the {replicaCpus} vCPUs a replica was measured with");
    }

    /// <summary>The most a model gives: X(N*) with a peak, else X at the largest count considered.</summary>
    private static double Best(UslModel model) =>
        model.PeakConcurrency is { } peak ? model.Throughput(peak) : model.Throughput(MaxReplicas);

    /// <summary>The largest value in [0, current] for which <paramref name="reaches"/> holds (it holds more as the value falls); null when even 0 fails.</summary>
    private static double? Needed(double current, Func<double, bool> reaches)
    {
        if (!reaches(0))
        {
            return null;
        }

        double low = 0, high = current;
        for (var i = 0; i < 100 && high - low > current * 1e-6; i++)
        {
            var middle = (low + high) / 2;
            (low, high) = reaches(middle) ? (middle, high) : (low, middle);
        }

        return low;
    }

    private static ConfidenceInterval? Rounded(ConfidenceInterval? band) =>
        band is { } b ? new ConfidenceInterval(Math.Round(b.Lower, 1), Math.Round(b.Upper, 1)) : null;

    private static double Percentile(LatencySummary latency, double percentile) => percentile switch
    {
        <= 50 => latency.P50,
        <= 90 => latency.P90,
        <= 99 => latency.P99,
        _ => latency.P999,
    };

    private static string SloText(ScaleObjective slo) => $"p{Number(slo.Percentile)} ≤ {Ms(slo.LatencyMs)}";

    private static string Rate(double perSecond) => perSecond.ToString(perSecond >= 100 ? "#,0" : "0.#", CultureInfo.InvariantCulture) + "/s";

    private static string Ms(double ms) => ms.ToString(ms >= 100 ? "#,0" : "0.##", CultureInfo.InvariantCulture) + " ms";

    private static string Money(double amount, InstanceCatalog catalog) =>
        (catalog.Currency == "USD" ? "$" : catalog.Currency + " ") + amount.ToString("#,0", CultureInfo.InvariantCulture);

    private static string Percent(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Coefficient(double value) => value switch
    {
        0 => "0",
        >= 0.01 => value.ToString("0.###", CultureInfo.InvariantCulture),
        _ => value.ToString("0.###e+0", CultureInfo.InvariantCulture),
    };
}
