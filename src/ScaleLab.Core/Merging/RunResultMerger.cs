using ScaleLab.Core.Results;

namespace ScaleLab.Core.Merging;

/// <summary>
/// Merges the results of separate generators (the agents of one distributed run, or runs started by hand at the same
/// time) into one result, exactly: latency percentiles are recomputed from the parts' histograms added together,
/// never averaged, so they are the percentiles one generator recording every request would have reported.
/// </summary>
/// <remarks>
/// Counts (requests, errors, status codes, error kinds, bytes, arrivals, unsent, backlog, checks, iterations) add up;
/// so do throughput and rates (concurrent generators' rates add: the rate asked is the sum of the rates each part
/// was asked for), connections and the generators' CPU and missed starts. The duration is the longest part's. The
/// worst of each generator's health figures holds (largest start lag and utilization, saturated if any was);
/// <c>fellBehind</c> and <c>interrupted</c> hold if any part's does. A warning of every part is kept as it is; one
/// of some parts only is prefixed with their labels. The time series is merged by <see cref="IntervalAlignment"/>'s
/// rule. Thresholds are not merged: the caller judges them on the merged result.
/// </remarks>
public static class RunResultMerger
{
    /// <summary>Merges <paramref name="parts"/>, named "part 1", "part 2", … in messages and warnings.</summary>
    /// <exception cref="MergeException">A part can't be merged exactly.</exception>
    public static RunResult Merge(IReadOnlyList<RunResult> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        return Merge(parts, [.. Enumerable.Range(1, parts.Count).Select(i => $"part {i}")]);
    }

    /// <summary>
    /// Merges <paramref name="parts"/>, each named by its label (a file name, an agent's address) in messages and
    /// warnings. Parts that all have a <c>startedAt</c> are separate runs, aligned on the wall clock; otherwise they
    /// started together (one distributed run) and align on <c>t</c>.
    /// </summary>
    /// <exception cref="MergeException">
    /// A part can't be merged exactly: it is not a run, its model differs from the first part's, or it has latencies
    /// without their histogram.
    /// </exception>
    public static RunResult Merge(IReadOnlyList<RunResult> parts, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(labels);
        if (parts.Count == 0)
        {
            throw new MergeException("nothing to merge: no results given");
        }

        if (labels.Count != parts.Count)
        {
            throw new ArgumentException($"{labels.Count} labels for {parts.Count} parts", nameof(labels));
        }

        Validate(parts, labels);
        var first = parts[0];
        var open = first.Model == "open";
        var latency = new HistogramSum();
        var uncorrected = new HistogramSum();
        var iterations = new HistogramSum();
        for (var p = 0; p < parts.Count; p++)
        {
            latency.Add(parts[p].LatencyHistogram, parts[p].LatencyMs, labels[p]);
            uncorrected.Add(parts[p].UncorrectedLatencyHistogram, parts[p].UncorrectedLatencyMs, $"{labels[p]} (uncorrected latency)");
            iterations.Add(parts[p].IterationLatencyHistogram, parts[p].IterationLatencyMs, $"{labels[p]} (iteration latency)");
        }

        var requests = parts.Sum(p => p.Requests);
        var errors = parts.Sum(p => p.Errors);
        var cpuSeconds = parts.Sum(p => p.Generator.CpuSeconds);
        var warnings = MergeWarnings(parts, labels);
        if (parts.Select(p => p.Target).Distinct(StringComparer.Ordinal).Count() > 1)
        {
            warnings.Insert(0, $"the parts loaded different targets ({string.Join(", ", parts.Select(p => p.Target).Distinct(StringComparer.Ordinal))}): the merged figures mix them");
        }

        var stages = MergeStages(parts, warnings);
        var startedAt = parts.Where(p => p.StartedAt != default).Select(p => p.StartedAt).DefaultIfEmpty().Min();
        var agents = parts.Where(p => p.Agents is not null).SelectMany(p => p.Agents!).ToArray();
        return new RunResult
        {
            StartedAt = startedAt,
            CommandLine = first.CommandLine,
            Machine = first.Machine,
            Target = first.Target,
            Model = first.Model,
            Connections = parts.Sum(p => p.Connections),
            Rate = SumOrNull(parts, p => p.Rate),
            Arrivals = first.Arrivals,
            DurationSeconds = parts.Max(p => p.DurationSeconds),
            WarmupSeconds = parts.Max(p => p.WarmupSeconds),
            Requests = requests,
            Errors = errors,
            ErrorRate = requests > 0 ? Math.Round(errors / (double)requests, 6) : 0,
            Throughput = Math.Round(parts.Sum(p => p.Throughput), 2),
            RateAsked = SumOrNull(parts, p => p.RateAsked),
            RateAchieved = SumOrNull(parts, p => p.RateAchieved) is { } achieved ? Math.Round(achieved, 2) : null,
            Arrived = SumOrNull(parts, p => p.Arrived),
            Unsent = SumOrNull(parts, p => p.Unsent),
            Backlog = SumOrNull(parts, p => p.Backlog),
            FellBehind = parts.All(p => p.FellBehind is null) ? null : parts.Any(p => p.FellBehind == true),
            LatencyMs = latency.Summary(),
            UncorrectedLatencyMs = open ? uncorrected.Summary() : null,
            LatencyHistogram = latency.Encoded(),
            UncorrectedLatencyHistogram = open ? uncorrected.Encoded() : null,
            StatusCodes = SumCounts(parts.Select(p => p.StatusCodes)),
            ErrorKinds = SumCounts(parts.Select(p => p.ErrorKinds)),
            BytesReceived = parts.Sum(p => p.BytesReceived),
            Generator = new GeneratorHealth(
                CpuSeconds: Math.Round(cpuSeconds, 3),
                CpuPerRequestMicroseconds: requests > 0 ? Math.Round(cpuSeconds * 1e6 / requests, 2) : 0,
                Utilization: parts.Max(p => p.Generator.Utilization),
                Saturated: parts.Any(p => p.Generator.Saturated),
                MissedStarts: parts.Sum(p => p.Generator.MissedStarts),
                MissedStartToleranceMs: parts.Max(p => p.Generator.MissedStartToleranceMs),
                MaxStartLagMs: parts.Max(p => p.Generator.MaxStartLagMs)),
            ByName = MergeByName(parts, labels),
            Checks = MergeChecks(parts),
            Iterations = SumOrNull(parts, p => p.Iterations),
            IterationLatencyMs = parts.Any(p => p.Iterations is not null) ? iterations.Summary() : null,
            IterationLatencyHistogram = iterations.Encoded(),
            Stages = stages,
            Intervals = IntervalAlignment.Merge(parts, Offsets(parts), labels),
            Agents = agents.Length > 0 ? agents : null,
            Interrupted = parts.Any(p => p.Interrupted),
            Warnings = warnings,
        };
    }

    /// <summary>
    /// The partial result of a generator known only by the intervals it reported (an agent lost mid-run): its
    /// requests, errors and latencies are those of <paramref name="intervals"/> added up (exactly, from their
    /// histograms), its duration runs to the last interval's end; what intervals do not carry (status codes, bytes,
    /// CPU) is zero. It is marked interrupted, so that it can be merged with the others' whole results.
    /// </summary>
    /// <exception cref="MergeException">An interval has latencies without its histogram.</exception>
    public static RunResult FromIntervals(string target, string model, IReadOnlyList<ResultInterval> intervals)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(intervals);
        var latency = new HistogramSum();
        foreach (var interval in intervals)
        {
            latency.Add(interval.LatencyHistogram, interval.LatencyMs, $"the interval at t={interval.T:0.###} s");
        }

        var requests = intervals.Sum(i => i.Requests);
        var errors = intervals.Sum(i => i.Errors);
        var seconds = intervals.Count > 0 ? intervals.Max(i => i.T) : 0;
        var throughput = seconds > 0 ? Math.Round(requests / seconds, 2) : 0;
        var open = model == "open";
        double? asked = open && seconds > 0 ? Math.Round(intervals.Sum(i => (i.RateAsked ?? 0) * i.DurationSeconds) / seconds, 2) : null;
        return new RunResult
        {
            Target = target,
            Model = model,
            Rate = asked,
            DurationSeconds = Math.Round(seconds, 3),
            Requests = requests,
            Errors = errors,
            ErrorRate = requests > 0 ? Math.Round(errors / (double)requests, 6) : 0,
            Throughput = throughput,
            RateAsked = asked,
            RateAchieved = open ? throughput : null,
            LatencyMs = latency.Summary(),
            LatencyHistogram = latency.Encoded(),
            Generator = new GeneratorHealth(0, 0, 0, false, 0, 0, 0),
            Intervals = intervals,
            Interrupted = true,
        };
    }

    private static void Validate(IReadOnlyList<RunResult> parts, IReadOnlyList<string> labels)
    {
        for (var p = 0; p < parts.Count; p++)
        {
            if (parts[p].Kind != "run")
            {
                throw new MergeException($"{labels[p]} is a {(parts[p].Kind.Length > 0 ? parts[p].Kind : "kindless")} result, not a run: only run results merge");
            }

            if (parts[p].Model != parts[0].Model)
            {
                throw new MergeException($"{labels[p]} is {Article(parts[p].Model)} {parts[p].Model}-model run and {labels[0]} {Article(parts[0].Model)} {parts[0].Model}-model one: they measure latency from different instants and cannot be merged");
            }
        }
    }

    private static string Article(string word) => word.Length > 0 && "aeiou".Contains(word[0], StringComparison.Ordinal) ? "an" : "a";

    /// <summary>
    /// Each part's window opening, in seconds from the earliest: on the wall clock when every part says when it
    /// started (separate runs), all at 0 otherwise (the parts of one distributed run share their start).
    /// </summary>
    private static double[] Offsets(IReadOnlyList<RunResult> parts)
    {
        if (parts.Any(p => p.StartedAt == default))
        {
            return new double[parts.Count];
        }

        var opens = parts.Select(p => p.StartedAt.AddSeconds(p.WarmupSeconds)).ToArray();
        var origin = opens.Min();
        return [.. opens.Select(o => (o - origin).TotalSeconds)];
    }

    private static List<string> MergeWarnings(IReadOnlyList<RunResult> parts, IReadOnlyList<string> labels)
    {
        var sources = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var order = new List<string>();
        for (var p = 0; p < parts.Count; p++)
        {
            foreach (var warning in parts[p].Warnings)
            {
                if (!sources.TryGetValue(warning, out var from))
                {
                    from = [];
                    sources[warning] = from;
                    order.Add(warning);
                }

                if (!from.Contains(p))
                {
                    from.Add(p);
                }
            }
        }

        return [.. order.Select(w => sources[w].Count == parts.Count ? w : $"{string.Join(", ", sources[w].Select(p => labels[p]))}: {w}")];
    }

    /// <summary>
    /// The parts' stages, their targets added when every part followed the same stage lengths (users or rates spread
    /// over generators); the first part's otherwise, with a warning.
    /// </summary>
    private static IReadOnlyList<ResultStage> MergeStages(IReadOnlyList<RunResult> parts, List<string> warnings)
    {
        var first = parts[0].Stages;
        var same = parts.All(p => p.Stages.Count == first.Count && p.Stages.Select(s => s.DurationSeconds).SequenceEqual(first.Select(s => s.DurationSeconds)));
        if (!same)
        {
            warnings.Add("the parts followed different stages: the merged result lists the first part's");
            return first;
        }

        return [.. first.Select((stage, i) => stage with { Target = parts.Sum(p => p.Stages[i].Target) })];
    }

    private static IReadOnlyDictionary<string, NamedRequestStats> MergeByName(IReadOnlyList<RunResult> parts, IReadOnlyList<string> labels)
    {
        var merged = new SortedDictionary<string, NamedRequestStats>(StringComparer.Ordinal);
        var names = parts.SelectMany(p => p.ByName.Keys).Distinct(StringComparer.Ordinal);
        var latency = new HistogramSum();
        foreach (var name in names)
        {
            latency.Reset();
            var stats = new List<NamedRequestStats>();
            for (var p = 0; p < parts.Count; p++)
            {
                if (parts[p].ByName.TryGetValue(name, out var part))
                {
                    latency.Add(part.LatencyHistogram, part.LatencyMs, $"{labels[p]} (request \"{name}\")");
                    stats.Add(part);
                }
            }

            merged[name] = new NamedRequestStats
            {
                Requests = stats.Sum(s => s.Requests),
                Errors = stats.Sum(s => s.Errors),
                Throughput = Math.Round(stats.Sum(s => s.Throughput), 2),
                StatusCodes = SumCounts(stats.Select(s => s.StatusCodes)),
                ErrorKinds = SumCounts(stats.Select(s => s.ErrorKinds)),
                LatencyMs = latency.Summary(),
                LatencyHistogram = latency.Encoded(),
            };
        }

        return merged;
    }

    private static IReadOnlyDictionary<string, CheckStats> MergeChecks(IReadOnlyList<RunResult> parts)
    {
        var merged = new SortedDictionary<string, CheckStats>(StringComparer.Ordinal);
        foreach (var (name, check) in parts.SelectMany(p => p.Checks))
        {
            var sum = merged.GetValueOrDefault(name) ?? new CheckStats(0, 0);
            merged[name] = new CheckStats(sum.Passed + check.Passed, sum.Failed + check.Failed);
        }

        return merged;
    }

    private static SortedDictionary<string, long> SumCounts(IEnumerable<IReadOnlyDictionary<string, long>> counts)
    {
        var sum = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, count) in counts.SelectMany(c => c))
        {
            sum[key] = sum.GetValueOrDefault(key) + count;
        }

        return sum;
    }

    private static double? SumOrNull(IReadOnlyList<RunResult> parts, Func<RunResult, double?> value) =>
        parts.All(p => value(p) is null) ? null : parts.Sum(p => value(p) ?? 0);

    private static long? SumOrNull(IReadOnlyList<RunResult> parts, Func<RunResult, long?> value) =>
        parts.All(p => value(p) is null) ? null : parts.Sum(p => value(p) ?? 0);
}
