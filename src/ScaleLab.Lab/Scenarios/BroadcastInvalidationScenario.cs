namespace ScaleLab.Lab.Scenarios;

/// <summary>
/// Every write is published on a store channel and every replica rebuilds its view for every message: the work per
/// write grows with the number of replicas, coherency (kappa) in the USL.
/// </summary>
internal sealed class BroadcastInvalidationScenario : ILabScenario
{
    public string Name => "broadcast-invalidation";

    public string Summary => "every write notifies every replica, which rebuilds its view for it";

    public bool BroadcastsWrites => true;
}
