namespace ScaleLab.Load.Engine;

/// <summary>Decides when each operation starts: the closed and the open model.</summary>
internal interface ILoadScheduler
{
    /// <summary>Makes the first clients and opens their connections, before the run's clock starts.</summary>
    Task PrepareAsync();

    /// <summary>Runs until the window closes, the request budget is spent or the run is interrupted, then drains.</summary>
    Task RunAsync();

    /// <summary>The most connections open at once.</summary>
    int PeakConnections { get; }

    /// <summary>Open model: measured arrivals that were never sent, because the window closed (or the run was stopped) first.</summary>
    long Unsent { get; }

    /// <summary>Open model: the arrivals so far; null in the closed model, which has none.</summary>
    ArrivalCounts? Arrivals { get; }
}
