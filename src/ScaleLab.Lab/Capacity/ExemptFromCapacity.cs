namespace ScaleLab.Lab.Capacity;

/// <summary>
/// Endpoint metadata: the request skips the worker queue and the simulated work (health checks and metric scrapes
/// must answer while the replica is saturated, and must not take a worker from real requests).
/// </summary>
internal sealed class ExemptFromCapacity
{
    public static readonly ExemptFromCapacity Instance = new();
}
