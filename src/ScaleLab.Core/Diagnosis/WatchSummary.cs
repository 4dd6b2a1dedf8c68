namespace ScaleLab.Core.Diagnosis;

/// <summary>What <c>--watch</c> and <c>--watch-name</c> asked for and found (<c>watch</c> in the JSON).</summary>
/// <param name="Pids">The process ids given with <c>--watch</c>.</param>
/// <param name="Names">The names given with <c>--watch-name</c>.</param>
/// <param name="Processes">The processes sampled, at any step.</param>
/// <param name="ClockTicksPerSecond">The kernel's clock tick rate that <c>/proc/PID/stat</c> counts CPU time in.</param>
public sealed record WatchSummary(
    IReadOnlyList<int> Pids,
    IReadOnlyList<string> Names,
    IReadOnlyList<WatchedProcess> Processes,
    long ClockTicksPerSecond);
