namespace ScaleLab.Load.Engine;

/// <summary>
/// Where a run's load comes from: this process (<see cref="LocalLoadSource"/>), or agents on other machines whose
/// measurements are merged into one. Experiments (<c>diagnose</c>, <c>scale</c>) run their steps through a source, so
/// that every step can be sent from one generator or from many.
/// </summary>
public interface ILoadSource
{
    /// <summary>What sends the load, for the result's warnings and the live view: "this process", "3 agents".</summary>
    string Description { get; }

    /// <summary>
    /// Runs one load test against <paramref name="target"/>. The measurement is that of one run: with several
    /// generators, counts summed and histograms added, never percentiles averaged.
    /// </summary>
    /// <exception cref="TargetUnreachableException">The target could not be reached before the run.</exception>
    Task<LoadMeasurement> RunAsync(Uri target, LoadOptions options, IProgress<RunProgress>? progress, CancellationToken cancellationToken);
}
