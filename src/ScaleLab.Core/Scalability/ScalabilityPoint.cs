namespace ScaleLab.Core.Scalability;

/// <summary>
/// One measurement of a scalability experiment: the load <see cref="N"/> (concurrent users, replicas, CPUs)
/// and the throughput <see cref="Throughput"/> measured at it (per second, so that N / X is a latency in seconds).
/// </summary>
/// <param name="N">The load: concurrency, replicas or processors. Positive.</param>
/// <param name="Throughput">The completed operations per second at that load. Not negative.</param>
public readonly record struct ScalabilityPoint(double N, double Throughput);
