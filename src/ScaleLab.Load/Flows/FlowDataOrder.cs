namespace ScaleLab.Load.Flows;

/// <summary>How a flow takes its data rows.</summary>
public enum FlowDataOrder
{
    /// <summary>In file order across the run, starting over after the last.</summary>
    Sequential,

    /// <summary>At random (seeded by <c>--seed</c>), each draw independent.</summary>
    Random,

    /// <summary>Each row at most once: when all are used, the run's window closes there, with a warning.</summary>
    Unique,
}
