namespace ScaleLab.Load.Engine;

/// <summary>How load is offered.</summary>
public enum LoadModel
{
    /// <summary>A fixed number of users, each sending its next request when the last one returns (plus think time).</summary>
    Closed,

    /// <summary>Requests arrive at a fixed rate whatever the target does; latency counts from the intended send time.</summary>
    Open,
}
