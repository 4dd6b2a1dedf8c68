namespace ScaleLab.Load.Flows;

/// <summary>When a flow takes a data row.</summary>
public enum FlowDataScope
{
    /// <summary>A row per iteration.</summary>
    Iteration,

    /// <summary>A row per virtual user, kept for all its iterations.</summary>
    User,
}
