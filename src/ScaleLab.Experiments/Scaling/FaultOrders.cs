using ScaleLab.Lab.Audit;

namespace ScaleLab.Experiments.Scaling;

/// <summary>
/// The order side of a fault trial on the lab: orders placed through the balancer for the whole step, in small
/// batches of <see cref="AuditLoad"/> (fresh idempotency keys, retried with the same key after a failure as a careful
/// client would), then checked against the database by <see cref="CheckAsync"/>.
/// </summary>
/// <param name="CheckAsync">Checks the acknowledged keys against the stored orders: the lab's <see cref="OrderAudit.CheckAsync"/> on its shards.</param>
public sealed record FaultOrders(Func<IReadOnlyList<string>, CancellationToken, Task<AuditReport>> CheckAsync)
{
    /// <summary>Orders in flight at once, beside the load.</summary>
    public int Concurrency { get; init; } = 2;

    /// <summary>Orders per batch; batches follow each other until the step's load ends.</summary>
    public int Batch { get; init; } = 20;
}
