namespace ScaleLab.Lab.Supervisor;

/// <summary>How <see cref="LabControlClient.DownAsync"/> ended.</summary>
public enum LabDownOutcome
{
    /// <summary>The supervisor stopped the lab and exited (or was already gone).</summary>
    Stopped,

    /// <summary>
    /// The supervisor did not answer its control endpoint (hung, or its endpoint gone): it was treated as dead,
    /// killed with every process of its run, and its state cleaned up.
    /// </summary>
    NotAnswering,

    /// <summary>It accepted the request but did not exit in time; the caller decides what to do.</summary>
    TimedOut,
}
