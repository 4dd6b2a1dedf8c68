namespace ScaleLab.Load.Engine;

/// <summary>The open model's arrivals, counted by their intended time (however late they were sent, if at all).</summary>
/// <param name="Total">Every arrival due before the window closed, the warm-up's included.</param>
/// <param name="Measured">The arrivals due inside the measured window.</param>
/// <param name="BeforeMid">The arrivals due before the middle of the window, the warm-up's included.</param>
internal readonly record struct ArrivalCounts(long Total, long Measured, long BeforeMid);
