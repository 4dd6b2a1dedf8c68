using HdrHistogram;
using ScaleLab.Agents.Protocol;
using ScaleLab.Core.Results;
using ScaleLab.Load.Engine;

namespace ScaleLab.Agents.Coordinator;

/// <summary>
/// One agent's part of a run as the coordinator follows it: its clock offset, the intervals received (whose sums are
/// its partial result if it is lost), its final result, or when and why it was lost.
/// </summary>
internal sealed class AgentWork(int index, AgentClient client, ClockOffset clock, LoadOptions options)
{
    private readonly List<ResultInterval> _measured = [];
    // The running account of the last interval received: status codes and error kinds are not per interval.
    private IReadOnlyDictionary<string, long> _statusCodes = new Dictionary<string, long>();
    private IReadOnlyDictionary<string, long> _errorKinds = new Dictionary<string, long>();

    public int Index => index;

    public AgentClient Client => client;

    public ClockOffset Clock => clock;

    public LoadOptions Options => options;

    /// <summary>The next interval to ask for: every one before it was received.</summary>
    public long NextSeq { get; set; }

    /// <summary>When the agent last answered (coordinator's timestamp).</summary>
    public long LastAnswer { get; set; }

    public RunResult? Result { get; set; }

    public bool Lost { get; private set; }

    public double? LostAtSeconds { get; private set; }

    public string? LostReason { get; private set; }

    /// <summary>Still running: neither finished (result fetched) nor lost.</summary>
    public bool Active => Result is null && !Lost;

    /// <summary>Intervals the agent dropped before they were fetched (its buffer's cap): missing from the live view and the log.</summary>
    public long Dropped { get; set; }

    /// <summary>CPU seconds over the measured intervals received.</summary>
    public double MeasuredCpuSeconds { get; private set; }

    public void MarkLost(double atSeconds, string reason)
    {
        Lost = true;
        LostAtSeconds = Math.Round(Math.Max(0, atSeconds), 1);
        LostReason = reason;
    }

    /// <summary>Keeps a measured interval (with its histogram) for a partial result, its time in seconds since the window opened.</summary>
    public void Keep(AgentInterval interval, double endSeconds, HistogramBase? histogram)
    {
        if (interval.Warmup)
        {
            return;
        }

        var seconds = Math.Max(0, (interval.EndUnixMs - interval.StartUnixMs) / 1000);
        MeasuredCpuSeconds += interval.CpuSeconds;
        _statusCodes = interval.StatusCodes ?? _statusCodes;
        _errorKinds = interval.ErrorKinds ?? _errorKinds;
        var throughput = seconds > 0 ? Math.Round(interval.Requests / seconds, 2) : 0;
        var open = options.Model == LoadModel.Open;
        _measured.Add(new ResultInterval
        {
            T = Math.Round(endSeconds, 3),
            DurationSeconds = Math.Round(seconds, 3),
            Requests = interval.Requests,
            Errors = interval.Errors,
            Throughput = throughput,
            LatencyMs = histogram is null ? LatencyHistograms.Summarize(LatencyHistograms.Create()) : LatencyHistograms.Summarize(histogram),
            LatencyHistogram = interval.LatencyHistogram,
            RateAsked = open && options.Stages is null ? options.Rate * options.ShareFraction : null,
            RateAchieved = open ? throughput : null,
        });
    }

    /// <summary>What the agent had sent until it was lost: the sums of its intervals, exactly (their histograms added).</summary>
    public RunResult Partial(string target)
    {
        var partial = Core.Merging.RunResultMerger.FromIntervals(target, options.Model == LoadModel.Open ? "open" : "closed", _measured);
        return partial with
        {
            Connections = options.Model == LoadModel.Closed ? options.Connections : 0,
            Generator = partial.Generator with { CpuSeconds = Math.Round(MeasuredCpuSeconds, 3) },
            StatusCodes = _statusCodes,
            ErrorKinds = _errorKinds,
        };
    }
}
