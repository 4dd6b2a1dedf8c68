using HdrHistogram;
using ScaleLab.Core.Results;

namespace ScaleLab.Load.Engine;

/// <summary>
/// What the schedulers and workers of one run share: the clock and the run's deadlines, the recorders, the
/// registry of workers that the timeout watchdog scans, and the stop signal.
/// </summary>
internal sealed class RunContext : IAsyncDisposable
{
    private readonly Lock _workersLock = new();
    private readonly CancellationTokenSource _interrupt;
    private LoadWorker[] _workers = [];
    private long _claimed;
    private long _warmupRequests;
    private long _stoppedLoops;
    private string? _firstEngineFault;

    public RunContext(ILoadClientFactory factory, LoadOptions options, TimeProvider time, CancellationToken interrupt)
    {
        Factory = factory;
        Options = options;
        Time = time;
        _interrupt = CancellationTokenSource.CreateLinkedTokenSource(interrupt);
        Profile = options.Stages is { } stages
            ? new StageProfile(options.Model == LoadModel.Closed ? options.Connections : options.Rate, stages, time.TimestampFrequency)
            : null;
        Start();
        TimeoutTicks = ToTicks(options.Timeout);
        MissedStartToleranceTicks = ToTicks(options.MissedStartTolerance);
    }

    public ILoadClientFactory Factory { get; }

    /// <summary>With stages: the load asked for at each moment of the window; null for a steady load.</summary>
    public StageProfile? Profile { get; }

    public LoadOptions Options { get; }

    public TimeProvider Time { get; }

    public long StartTimestamp { get; private set; }

    public long MeasureStartTimestamp { get; private set; }

    public long EndTimestamp { get; private set; }

    /// <summary>The middle of the measured window: the open model's backlog there and at the end says whether it grew.</summary>
    public long MidTimestamp { get; private set; }

    public long TimeoutTicks { get; }

    public long MissedStartToleranceTicks { get; }

    public Recorder Latency { get; } = LatencyHistograms.CreateRecorder();

    public Recorder UncorrectedLatency { get; } = LatencyHistograms.CreateRecorder();

    /// <summary>Cancelled on Ctrl-C or when the run is forced to end: in-flight operations are abandoned, not counted.</summary>
    public CancellationToken Interrupt => _interrupt.Token;

    public bool IsInterrupted => _interrupt.IsCancellationRequested;

    public long WarmupRequests => Volatile.Read(ref _warmupRequests);

    public IReadOnlyList<LoadWorker> Workers => Volatile.Read(ref _workers);

    /// <summary>Users' and connections' loops (or the scheduler) that an unexpected exception ended before the run did.</summary>
    public long StoppedLoops => Volatile.Read(ref _stoppedLoops);

    /// <summary>The first engine fault of the run, one line, for its warning; null when there was none.</summary>
    public string? FirstEngineFault => Volatile.Read(ref _firstEngineFault);

    public long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Time.TimestampFrequency);

    public long ToMicroseconds(long ticks) => ticks * 1_000_000 / Time.TimestampFrequency;

    public double ToMilliseconds(long ticks) => ticks * 1000.0 / Time.TimestampFrequency;

    /// <summary>
    /// Starts the run's clock now: the schedulers prepare their connections first and the runner starts the clock
    /// once they are ready, so that connecting is not counted as the first requests' latency.
    /// </summary>
    public void Start()
    {
        StartTimestamp = Time.GetTimestamp();
        MeasureStartTimestamp = StartTimestamp + ToTicks(Options.Warmup);
        EndTimestamp = MeasureStartTimestamp + ToTicks(Options.Duration);
        MidTimestamp = MeasureStartTimestamp + ((EndTimestamp - MeasureStartTimestamp) / 2);
    }

    /// <summary>A timer delay for <paramref name="ticks"/>, rounded up to whole milliseconds and at least one.</summary>
    public static TimeSpan WholeMilliseconds(long ticks, long frequency) =>
        TimeSpan.FromMilliseconds(Math.Max(1, Math.Ceiling(ticks * 1000.0 / frequency)));

    public void ForceStop() => _interrupt.Cancel();

    /// <summary>
    /// Takes the right to start one more operation at <paramref name="now"/>: false once the window is over, the
    /// request budget is spent or the run was interrupted.
    /// </summary>
    public bool TryClaim(long now)
    {
        if (now >= EndTimestamp || IsInterrupted)
        {
            return false;
        }

        if (Options.Requests is { } limit && now >= MeasureStartTimestamp)
        {
            return Interlocked.Increment(ref _claimed) <= limit;
        }

        return true;
    }

    public bool IsMeasured(long timestamp) => timestamp >= MeasureStartTimestamp;

    /// <summary>The part of the run an operation that ended at <paramref name="end"/> ended in.</summary>
    public RunPhase PhaseOf(long end) =>
        end < MeasureStartTimestamp ? RunPhase.Warmup
        : end < MidTimestamp ? RunPhase.FirstHalf
        : end <= EndTimestamp ? RunPhase.SecondHalf
        : RunPhase.AfterWindow;

    public void CountWarmupRequest() => Interlocked.Increment(ref _warmupRequests);

    /// <summary>
    /// Runs a user's or a connection's loop and turns an exception that escapes it into an engine error of the
    /// run: a loop that ends early means less load than asked, which must show in the result, never in silence.
    /// </summary>
    public async Task Supervise(Task loop)
    {
        try
        {
            await loop.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            ReportStoppedLoop(ex);
        }
    }

    /// <summary>Counts a loop (or the scheduler) that <paramref name="exception"/> ended before the run did.</summary>
    public void ReportStoppedLoop(Exception exception)
    {
        Interlocked.Increment(ref _stoppedLoops);
        NoteEngineFault(exception);
    }

    /// <summary>Keeps the first engine fault's message for the run's warning.</summary>
    public void NoteEngineFault(Exception exception)
    {
        if (Volatile.Read(ref _firstEngineFault) is null)
        {
            Interlocked.CompareExchange(ref _firstEngineFault, $"{exception.GetType().Name}: {exception.Message.Split('\n')[0]}", null);
        }
    }

    public LoadWorker AddWorker()
    {
        lock (_workersLock)
        {
            var worker = new LoadWorker(this, _workers.Length);
            _workers = [.. _workers, worker];
            return worker;
        }
    }

    /// <summary>
    /// Ends the run for good: stops what is still in flight and closes every worker's connection. A diagnosis runs
    /// step after step against one target, and connections left open would count against its limits in the next.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        // Stopping first makes every operation still in flight end and every client refuse to reconnect.
        ForceStop();
        foreach (var worker in Workers)
        {
            try
            {
                await worker.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception)
            {
                // A user's client that fails to close: the measurement is complete and the others must close still.
            }
        }

        _interrupt.Dispose();
    }
}
