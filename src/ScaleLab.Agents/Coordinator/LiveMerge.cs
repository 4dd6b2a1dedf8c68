using HdrHistogram;
using ScaleLab.Agents.Protocol;
using ScaleLab.Core.Results;
using ScaleLab.Load.Engine;

namespace ScaleLab.Agents.Coordinator;

/// <summary>
/// The agents' intervals added together as they arrive, interval number by interval number (the agents start at one
/// instant and take an interval a second, so number k is the same second everywhere): exact histogram sums for the
/// live view, the HdrHistogram log and the run's time series. Number k is complete once every agent still running
/// sent it; it is then reported, once, in order.
/// </summary>
internal sealed class LiveMerge(LoadOptions options, double startUnixMs, Action<HistogramBase>? onInterval, IProgress<RunProgress>? progress)
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<long, Slot> _slots = [];
    private readonly HistogramBase _measured = LatencyHistograms.Create();
    private readonly List<ResultInterval> _series = [];
    private readonly List<LoadInterval> _spans = [];
    private long _nextEmit;
    private long _requests;
    private long _errors;

    private double MeasureStartUnixMs => startUnixMs + options.Warmup.TotalMilliseconds;

    /// <summary>The measured window's series, one point per complete interval.</summary>
    public IReadOnlyList<ResultInterval> Series => _series;

    /// <summary>Every interval's span and count (the local runner's <see cref="LoadMeasurement.Intervals"/>).</summary>
    public IReadOnlyList<LoadInterval> Spans => _spans;

    /// <summary>All measured latencies received.</summary>
    public HistogramBase Measured => _measured;

    /// <summary>Seconds since the measured window opened at <paramref name="unixMs"/> (coordinator's clock).</summary>
    public double SecondsInWindow(double unixMs) => (unixMs - MeasureStartUnixMs) / 1000;

    /// <summary>Adds agent <paramref name="work"/>'s interval (its times corrected by its clock offset); returns its histogram.</summary>
    public HistogramBase? Add(AgentWork work, AgentInterval interval)
    {
        var histogram = interval.LatencyHistogram is { } encoded ? LatencyHistogramCodec.Decode(encoded) : null;
        // The agents are polled in parallel: their answers arrive on several threads.
        lock (_lock)
        {
            AddLocked(work, interval, histogram);
        }

        return histogram;
    }

    private void AddLocked(AgentWork work, AgentInterval interval, HistogramBase? histogram)
    {
        if (interval.Seq < _nextEmit)
        {
            // Arrived after its number was reported (the agent was late past its loss timeout): counted in the
            // agent's own result, too late for the live view.
            return;
        }

        if (!_slots.TryGetValue(interval.Seq, out var slot))
        {
            slot = new Slot();
            _slots[interval.Seq] = slot;
        }

        var offset = work.Clock.OffsetMs;
        slot.StartMs = Math.Min(slot.StartMs, interval.StartUnixMs - offset);
        slot.EndMs = Math.Max(slot.EndMs, interval.EndUnixMs - offset);
        slot.Warmup &= interval.Warmup;
        slot.Requests += interval.Requests;
        slot.Errors += interval.Errors;
        slot.Connections += interval.Connections;
        if (histogram is not null)
        {
            slot.Histogram.Add(histogram);
        }
    }

    /// <summary>Reports every interval now complete: those every agent in <paramref name="running"/> has sent (all, with <paramref name="all"/>).</summary>
    public void Emit(IReadOnlyList<AgentWork> running, bool all = false)
    {
        lock (_lock)
        {
            EmitLocked(running, all);
        }
    }

    private void EmitLocked(IReadOnlyList<AgentWork> running, bool all)
    {
        while (_slots.Count > 0)
        {
            var (seq, slot) = _slots.First();
            if (!all && running.Any(w => w.NextSeq <= seq))
            {
                return;
            }

            _slots.Remove(seq);
            _nextEmit = seq + 1;
            Report(slot);
        }
    }

    private void Report(Slot slot)
    {
        var histogram = slot.Histogram;
        histogram.StartTimeStamp = (long)slot.StartMs;
        histogram.EndTimeStamp = (long)slot.EndMs;
        if (histogram.TotalCount > 0 || !slot.Warmup)
        {
            _spans.Add(new LoadInterval(histogram.StartTimeStamp, histogram.EndTimeStamp, histogram.TotalCount));
            onInterval?.Invoke(histogram);
        }

        var seconds = Math.Max(0, (slot.EndMs - slot.StartMs) / 1000);
        var throughput = seconds > 0 ? slot.Requests / seconds : 0;
        var open = options.Model == LoadModel.Open;
        if (!slot.Warmup)
        {
            _measured.Add(histogram);
            _requests += slot.Requests;
            _errors += slot.Errors;
            _series.Add(new ResultInterval
            {
                T = Math.Round(SecondsInWindow(slot.EndMs), 3),
                DurationSeconds = Math.Round(seconds, 3),
                Requests = slot.Requests,
                Errors = slot.Errors,
                Throughput = Math.Round(throughput, 2),
                LatencyMs = LatencyHistograms.Summarize(histogram),
                LatencyHistogram = histogram.TotalCount > 0 ? LatencyHistogramCodec.Encode(histogram) : null,
                RateAsked = open && options.Stages is null ? options.Rate : null,
                RateAchieved = open && options.Stages is null ? Math.Round(throughput, 2) : null,
            });
        }

        var elapsed = slot.Warmup ? (slot.EndMs - startUnixMs) / 1000 : SecondsInWindow(slot.EndMs);
        var phase = slot.Warmup ? options.Warmup.TotalSeconds : options.Duration.TotalSeconds;
        progress?.Report(new RunProgress(
            slot.Warmup,
            TimeSpan.FromSeconds(Math.Max(0, elapsed)),
            TimeSpan.FromSeconds(Math.Max(0, phase - elapsed)),
            _requests,
            _errors,
            slot.Warmup ? 0 : throughput,
            _measured.TotalCount > 0 ? _measured.GetValueAtPercentile(50) / 1000.0 : 0,
            _measured.TotalCount > 0 ? _measured.GetValueAtPercentile(99) / 1000.0 : 0,
            slot.Connections)
        {
            OpenModel = open,
        });
    }

    private sealed class Slot
    {
        public HistogramBase Histogram { get; } = LatencyHistograms.Create();
        public double StartMs { get; set; } = double.MaxValue;
        public double EndMs { get; set; } = double.MinValue;
        public bool Warmup { get; set; } = true;
        public long Requests { get; set; }
        public long Errors { get; set; }
        public int Connections { get; set; }
    }
}
