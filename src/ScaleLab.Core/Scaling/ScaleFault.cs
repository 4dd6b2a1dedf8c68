namespace ScaleLab.Core.Scaling;

/// <summary>What one replica killed during a step cost (<c>--kill-one</c>): errors, capacity, recovery, and the order audit.</summary>
public sealed record ScaleFault
{
    /// <summary>The replica killed.</summary>
    public required string Replica { get; init; }
    /// <summary>When it was killed, in seconds since the step's load began.</summary>
    public double KilledAtSeconds { get; init; }
    /// <summary>Requests of the step.</summary>
    public long Requests { get; init; }
    /// <summary>Failed requests of the step.</summary>
    public long Errors { get; init; }
    /// <summary>Errors by kind.</summary>
    public IReadOnlyDictionary<string, long> ErrorKinds { get; init; } = new Dictionary<string, long>();
    /// <summary>Milliseconds from the kill until the balancer stopped sending to it; null when not seen.</summary>
    public double? EjectedAfterMs { get; init; }
    /// <summary>Milliseconds from the kill until a replacement served traffic; null when none did.</summary>
    public double? ReplacedAfterMs { get; init; }
    /// <summary>Throughput before the kill, per second.</summary>
    public double CapacityBefore { get; init; }
    /// <summary>Throughput between the kill and the replacement, per second.</summary>
    public double CapacityDuring { get; init; }
    /// <summary>Throughput after the replacement, per second.</summary>
    public double CapacityAfter { get; init; }
    /// <summary>Orders the system acknowledged during the step; null when the target has no order audit.</summary>
    public long? OrdersAcknowledged { get; init; }
    /// <summary>Acknowledged orders missing from the database.</summary>
    public long? OrdersLost { get; init; }
    /// <summary>Orders stored more than once.</summary>
    public long? OrdersDoubled { get; init; }
    /// <summary>Replicas serving when one was killed (N).</summary>
    public int Replicas { get; init; }
    /// <summary>The seed's "1 of N" arithmetic: the share of capacity one replica of <see cref="Replicas"/> carries, 1/N.</summary>
    public double ExpectedLossShare { get; init; }
    /// <summary>The capacity lost while the replica was out, as a share of the capacity before: 1 − during ÷ before (0 when the rest kept up).</summary>
    public double MeasuredLossShare { get; init; }
}
