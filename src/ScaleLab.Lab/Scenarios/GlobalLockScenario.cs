namespace ScaleLab.Lab.Scenarios;

/// <summary>
/// Every request's work (its simulated wait and CPU, and its database work) runs inside one lock that all replicas
/// share through the store: the serial fraction of Amdahl's law, contention (sigma) in the USL.
/// </summary>
internal sealed class GlobalLockScenario : ILabScenario
{
    public string Name => "global-lock";

    public string Summary => "every request's work runs inside one lock shared by all replicas (in the store)";

    public bool SerializesRequests => true;
}
