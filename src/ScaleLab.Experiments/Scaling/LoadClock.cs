using ScaleLab.Load.Engine;

namespace ScaleLab.Experiments.Scaling;

/// <summary>
/// Watches the engine's progress reports: anchors the step's clock on the first (the load began <c>Elapsed</c>
/// before it), keeps each report's totals as a timeline sample, and passes the report on. Reports arrive on the
/// runner's flow, synchronously, so that the timeline is not reordered.
/// </summary>
internal sealed class LoadClock(TimeProvider time, IProgress<RunProgress>? next) : IProgress<RunProgress>
{
    private readonly TaskCompletionSource<long> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<FaultSample> _samples = [];
    private readonly Lock _lock = new();

    /// <summary>The timestamp (of <see cref="TimeProvider"/>) at which the load began.</summary>
    public Task<long> Started => _started.Task;

    public void Report(RunProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var now = time.GetTimestamp();
        _started.TrySetResult(now - (long)(value.Elapsed.TotalSeconds * time.TimestampFrequency));
        lock (_lock)
        {
            _samples.Add(new FaultSample(value.Elapsed.TotalSeconds, value.Requests, value.Errors));
        }

        next?.Report(value);
    }

    /// <summary>Seconds since the load began, for a timestamp taken once it had.</summary>
    public double Seconds(long timestamp) =>
        _started.Task.IsCompletedSuccessfully ? (timestamp - _started.Task.Result) / (double)time.TimestampFrequency : 0;

    public IReadOnlyList<FaultSample> Samples()
    {
        lock (_lock)
        {
            return [.. _samples];
        }
    }
}
