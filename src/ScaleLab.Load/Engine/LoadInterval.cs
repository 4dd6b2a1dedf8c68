namespace ScaleLab.Load.Engine;

/// <summary>
/// One reporting interval of a run: its span and how many responses it measured, kept for every interval (a few
/// bytes each) where the interval's histogram is not (see <see cref="LoadRunner.OnInterval"/>). Named as
/// HdrHistogram names an interval histogram's fields, so that code reading either reads the same.
/// </summary>
/// <param name="StartTimeStamp">When the interval started, in Unix milliseconds.</param>
/// <param name="EndTimeStamp">When it ended, in Unix milliseconds.</param>
/// <param name="TotalCount">The latencies it recorded: its responses (a failure with no response records none).</param>
public readonly record struct LoadInterval(long StartTimeStamp, long EndTimeStamp, long TotalCount);
