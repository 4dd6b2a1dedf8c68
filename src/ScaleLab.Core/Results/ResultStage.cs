namespace ScaleLab.Core.Results;

/// <summary>
/// One stage of a ramping run (<c>stages</c> in a run result, from <c>--stages 30s:10,1m:10,30s:0</c>): the load
/// moves linearly, over <see cref="DurationSeconds"/>, from where the previous stage ended to <see cref="Target"/>.
/// </summary>
/// <param name="DurationSeconds">The stage's length in seconds; 0 for a jump.</param>
/// <param name="Target">Where the stage ends: users in the closed model, arrivals per second in the open one.</param>
public sealed record ResultStage(double DurationSeconds, double Target);
