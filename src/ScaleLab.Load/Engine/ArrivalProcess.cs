namespace ScaleLab.Load.Engine;

/// <summary>How arrivals are spaced in the open model.</summary>
public enum ArrivalProcess
{
    /// <summary>Evenly spaced, one every 1/rate seconds (wrk2's model).</summary>
    Uniform,

    /// <summary>Exponential gaps with mean 1/rate: independent users, as real traffic tends to arrive.</summary>
    Poisson,
}
