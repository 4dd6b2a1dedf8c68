using HdrHistogram;
using ScaleLab.Agents.Protocol;
using ScaleLab.Core.Results;
using ScaleLab.Load.Engine;

namespace ScaleLab.Agents.Agent;

/// <summary>
/// The one run an agent holds: prepared from a plan (the target probed), started at an instant, its intervals kept
/// until the coordinator fetches them, its result once it ends. Every call for the run renews its lease; a run
/// whose lease lapses is stopped (the coordinator is gone, and a load nobody watches must not go on).
/// </summary>
internal sealed class AgentRun : IProgress<RunProgress>, IAsyncDisposable
{
    /// <summary>
    /// Intervals kept for the coordinator: ten minutes at one a second. It drains them twice a second, so only a
    /// coordinator that stopped fetching (and will soon lose the lease) ever reaches the cap; the oldest go first.
    /// </summary>
    internal const int MaxIntervals = 600;

    private readonly Lock _lock = new();
    private readonly LinkedList<AgentInterval> _intervals = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ILoadClientFactory _factory;
    private readonly TimeProvider _time;
    private HistogramBase? _pendingHistogram;
    private long _nextSeq;
    private long _dropped;
    private long _lastRequests;
    private long _lastErrors;
    private TimeSpan _lastCpu;
    private double _lastEndUnixMs;
    private long _lastCall;
    private Task? _task;
    private string _state = "prepared";

    private AgentRun(RunPlan plan, LoadOptions options, ILoadClientFactory factory, TimeProvider time)
    {
        Plan = plan;
        Options = options;
        _factory = factory;
        _time = time;
        _lastCall = time.GetTimestamp();
    }

    public RunPlan Plan { get; }

    public LoadOptions Options { get; }

    public string Id => Plan.RunId;

    /// <summary>prepared, running, finished or failed.</summary>
    public string State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    public string? Error { get; private set; }

    public RunResult? Result { get; private set; }

    /// <summary>Makes the clients of <paramref name="plan"/> and probes its target.</summary>
    /// <exception cref="FormatException">The plan is not valid (400).</exception>
    /// <exception cref="TargetUnreachableException">The target does not answer from here (502).</exception>
    public static async Task<AgentRun> PrepareAsync(RunPlan plan, TimeProvider time, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(plan.RunId) || plan.RunId.Length > 64 || !plan.RunId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            throw new FormatException("runId must be 1 to 64 letters, digits or '-'");
        }

        if (!Uri.TryCreate(plan.Target, UriKind.Absolute, out var target))
        {
            throw new FormatException($"target '{plan.Target}' is not an absolute URL");
        }

        if (plan.LeaseMs is < 100 or > 600_000)
        {
            throw new FormatException("leaseMs must be between 100 and 600000");
        }

        var options = (plan.Load ?? throw new FormatException("the plan has no load")).ToOptions();
        if (options.Validate() is { } problem)
        {
            throw new FormatException(problem);
        }

        var factory = (plan.Request ?? throw new FormatException("the plan has no request")).CreateFactory(target, options);
        try
        {
            await factory.ProbeAsync(options.Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            (factory as IDisposable)?.Dispose();
            throw;
        }

        return new AgentRun(plan, options, factory, time);
    }

    /// <summary>Renews the lease.</summary>
    public void Touch() => Volatile.Write(ref _lastCall, _time.GetTimestamp());

    /// <summary>True when no call for the run came within its lease.</summary>
    public bool LeaseExpired() => _time.GetElapsedTime(Volatile.Read(ref _lastCall)) > TimeSpan.FromMilliseconds(Plan.LeaseMs);

    /// <summary>Starts the run at <paramref name="startAt"/> (this agent's clock); false when it was started already.</summary>
    /// <exception cref="ArgumentException">The instant is too far ahead.</exception>
    public bool Start(DateTimeOffset startAt)
    {
        if (startAt - _time.GetUtcNow() > LoadRunner.MaxStartDelay)
        {
            throw new ArgumentException($"the start instant is more than {LoadRunner.MaxStartDelay.TotalSeconds:0} s ahead of this agent's clock");
        }

        lock (_lock)
        {
            if (_task is not null)
            {
                return false;
            }

            _state = "running";
            _lastCpu = Environment.CpuUsage.TotalTime;
            _task = Task.Run(() => RunAsync(startAt));
            return true;
        }
    }

    /// <summary>Stops the run (what was measured stays: the result says interrupted).</summary>
    public void Stop() => _stop.Cancel();

    /// <summary>The state and the intervals from <paramref name="from"/> on; those before it were received and are dropped.</summary>
    public IntervalBatch Intervals(long from)
    {
        lock (_lock)
        {
            while (_intervals.First is { } first && first.Value.Seq < from)
            {
                _intervals.RemoveFirst();
            }

            return new IntervalBatch(_state, [.. _intervals], _dropped, Error);
        }
    }

    private async Task RunAsync(DateTimeOffset startAt)
    {
        try
        {
            var runner = new LoadRunner(_factory, Options, _time) { StartAt = startAt, OnInterval = TakeInterval };
            var measurement = await runner.RunAsync(this, _stop.Token).ConfigureAwait(false);
            var result = measurement.Result.WithHeader(ResultHeader.Create("run", measurement.StartedAt, $"scalelab agent (run {Id})"));
            lock (_lock)
            {
                // Set together: whoever sees "finished" finds the result.
                Result = result;
                _state = "finished";
            }
        }
        catch (Exception ex)
        {
            lock (_lock)
            {
                Error = $"{ex.GetType().Name}: {ex.Message.Split('\n')[0]}";
                _state = "failed";
            }
        }
        finally
        {
            (_factory as IDisposable)?.Dispose();
        }
    }

    /// <summary>The runner's interval histogram (reused once this returns): kept until the progress that follows it.</summary>
    private void TakeInterval(HistogramBase histogram)
    {
        // Named requests' histograms carry their name as a tag: the coordinator merges the run's whole latency only.
        if (histogram.Tag is null)
        {
            // A copy keeps the counts, not the span: set it again.
            _pendingHistogram = histogram.Copy();
            _pendingHistogram.StartTimeStamp = histogram.StartTimeStamp;
            _pendingHistogram.EndTimeStamp = histogram.EndTimeStamp;
        }
    }

    /// <summary>Called by the runner on its own flow right after each interval was taken: pairs it with its counts.</summary>
    void IProgress<RunProgress>.Report(RunProgress value)
    {
        var histogram = _pendingHistogram;
        _pendingHistogram = null;
        var cpu = Environment.CpuUsage.TotalTime;
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var start = histogram?.StartTimeStamp ?? (_lastEndUnixMs > 0 ? _lastEndUnixMs : now);
        // Warm-up progress counts the warm-up's requests, which the measured counts start again from.
        var requests = value.Warmup ? 0 : value.Requests - _lastRequests;
        var errors = value.Warmup ? 0 : value.Errors - _lastErrors;
        if (!value.Warmup)
        {
            (_lastRequests, _lastErrors) = (value.Requests, value.Errors);
        }

        var interval = new AgentInterval(
            _nextSeq++,
            start,
            histogram?.EndTimeStamp ?? now,
            value.Warmup,
            requests,
            errors,
            histogram is { TotalCount: > 0 } ? LatencyHistogramCodec.Encode(histogram) : null,
            Math.Round((cpu - _lastCpu).TotalSeconds, 4),
            value.Connections,
            value.StatusCodes,
            value.ErrorKinds);
        _lastCpu = cpu;
        _lastEndUnixMs = interval.EndUnixMs;
        lock (_lock)
        {
            _intervals.AddLast(interval);
            while (_intervals.Count > MaxIntervals)
            {
                _intervals.RemoveFirst();
                _dropped++;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_task is { } task)
        {
            // The runner ends within its grace once stopped; a bound all the same.
            await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(15), TimeProvider.System)).ConfigureAwait(false);
        }
        else
        {
            (_factory as IDisposable)?.Dispose();
        }

        _stop.Dispose();
    }
}
