using HdrHistogram;
using ScaleLab.Core.Results;

namespace ScaleLab.Load.Engine;

/// <summary>
/// The per-name half of <see cref="IntervalCollector"/>: takes each name's interval histogram with the totals' (for
/// <c>--hdr</c>, tagged with the name) and assembles <c>byName</c>, <c>checks</c> and a flow's iterations at the end.
/// </summary>
internal sealed class NamedRequestCollector(RunContext run)
{
    private readonly HistogramBase[] _totals = [.. run.NamedLatency.Select(_ => LatencyHistograms.Create())];
    private readonly HistogramBase?[] _recycled = new HistogramBase?[run.NamedLatency.Length];
    private readonly HistogramBase _iterations = LatencyHistograms.Create();
    private readonly string[] _tags = [.. (run.Requests?.Names ?? []).Select(HdrTag)];
    private HistogramBase? _recycledIterations;

    /// <summary>
    /// A name as a tag of the HdrHistogram log format, whose readers split a line at commas and whitespace: each of
    /// them becomes '_' ("GET /users/{id}/feed" is tagged "GET_/users/{id}/feed").
    /// </summary>
    public static string HdrTag(string name) =>
        string.Create(name.Length, name, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = source[i] == ',' || char.IsWhiteSpace(source[i]) ? '_' : source[i];
            }
        });

    /// <summary>Takes every name's interval (and the iterations'), spanning the same time as the totals' interval.</summary>
    public void Collect(long startTimeStamp, long endTimeStamp, Action<HistogramBase>? onInterval)
    {
        for (var i = 0; i < _totals.Length; i++)
        {
            var interval = _recycled[i] is { } recycled ? run.NamedLatency[i].GetIntervalHistogram(recycled) : run.NamedLatency[i].GetIntervalHistogram();
            _recycled[i] = interval;
            interval.StartTimeStamp = startTimeStamp;
            interval.EndTimeStamp = endTimeStamp;
            interval.Tag = _tags[i];
            _totals[i].Add(interval);
            onInterval?.Invoke(interval);
        }

        if (run.IsFlow)
        {
            var iterations = _recycledIterations is { } last ? run.IterationLatency.GetIntervalHistogram(last) : run.IterationLatency.GetIntervalHistogram();
            _recycledIterations = iterations;
            _iterations.Add(iterations);
        }
    }

    public IReadOnlyDictionary<string, NamedRequestStats> ByName(double windowSeconds)
    {
        var byName = new SortedDictionary<string, NamedRequestStats>(StringComparer.Ordinal);
        var names = run.Requests?.Names ?? [];
        for (var i = 0; i < names.Count; i++)
        {
            long requests = 0, errors = 0, completions = 0;
            var statusCodes = new SortedDictionary<string, long>(StringComparer.Ordinal);
            var errorKinds = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var worker in run.Workers)
            {
                var counters = worker.Counters.ForName(i);
                requests += counters.Requests;
                errors += counters.Errors;
                completions += counters.CompletionsIn(RunPhase.FirstHalf) + counters.CompletionsIn(RunPhase.SecondHalf);
                counters.AddStatusCountsTo(statusCodes);
                counters.AddErrorCountsTo(errorKinds);
            }

            byName[names[i]] = new NamedRequestStats
            {
                Requests = requests,
                Errors = errors,
                Throughput = windowSeconds > 0 ? Math.Round(completions / windowSeconds, 2) : 0,
                StatusCodes = statusCodes,
                ErrorKinds = errorKinds,
                LatencyMs = LatencyHistograms.Summarize(_totals[i]),
                LatencyHistogram = _totals[i].TotalCount > 0 ? LatencyHistogramCodec.Encode(_totals[i]) : null,
            };
        }

        return byName;
    }

    /// <summary>Every check by its name ("login: status 2xx"); checks of requests that share a name add up.</summary>
    public IReadOnlyDictionary<string, CheckStats> Checks()
    {
        var checks = new SortedDictionary<string, CheckStats>(StringComparer.Ordinal);
        var labels = run.Requests?.Checks ?? [];
        for (var i = 0; i < labels.Count; i++)
        {
            long passed = 0, failed = 0;
            foreach (var worker in run.Workers)
            {
                passed += worker.Counters.ChecksPassed(i);
                failed += worker.Counters.ChecksFailed(i);
            }

            var sum = checks.GetValueOrDefault(labels[i]) ?? new CheckStats(0, 0);
            checks[labels[i]] = new CheckStats(sum.Passed + passed, sum.Failed + failed);
        }

        return checks;
    }

    /// <summary>With a flow: the measured iterations that ran all their steps; null without a flow.</summary>
    public long? Iterations => run.IsFlow ? run.Workers.Sum(w => w.Counters.Iterations) : null;

    public LatencySummary? IterationLatency => run.IsFlow ? LatencyHistograms.Summarize(_iterations) : null;

    /// <summary>With a flow: the iterations' histogram as a result's text; null without a flow or without iterations.</summary>
    public string? IterationLatencyHistogram => run.IsFlow && _iterations.TotalCount > 0 ? LatencyHistogramCodec.Encode(_iterations) : null;
}
