using HdrHistogram;
using ScaleLab.Core.Results;

namespace ScaleLab.Load.Engine;

/// <summary>What a run measured: the result, and the histograms behind it for HdrHistogram logs and merging.</summary>
/// <param name="Result">The summary, without the header fields (the caller adds the command line).</param>
/// <param name="Latency">All measured latencies, in microseconds.</param>
/// <param name="Intervals">Each reporting interval's span and response count (their histograms go to <see cref="LoadRunner.OnInterval"/>).</param>
/// <param name="StartedAt">When the run started (wall clock).</param>
public sealed record LoadMeasurement(
    RunResult Result,
    HistogramBase Latency,
    IReadOnlyList<LoadInterval> Intervals,
    DateTimeOffset StartedAt);
