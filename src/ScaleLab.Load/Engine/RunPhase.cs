namespace ScaleLab.Load.Engine;

/// <summary>
/// Where in the run an operation ended. Completions are counted by when they end, whenever they started: the
/// throughput is the completions that ended inside the window, and the open model's backlog at a moment is the
/// arrivals due by then less the completions by then.
/// </summary>
internal enum RunPhase
{
    /// <summary>Before the measured window (the warm-up).</summary>
    Warmup,

    /// <summary>The first half of the window.</summary>
    FirstHalf,

    /// <summary>The second half of the window, its last instant included.</summary>
    SecondHalf,

    /// <summary>After the window closed: in flight when it closed, finished in the drain.</summary>
    AfterWindow,
}
