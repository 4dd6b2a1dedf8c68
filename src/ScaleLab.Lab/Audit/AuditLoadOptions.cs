namespace ScaleLab.Lab.Audit;

/// <summary>The audit's own small load: how many orders, how many at once, and whether a replica is killed midway.</summary>
public sealed record AuditLoadOptions
{
    /// <summary>Orders to place, each with its own idempotency key.</summary>
    public int Orders { get; init; } = 200;

    /// <summary>Orders in flight at once.</summary>
    public int Concurrency { get; init; } = 8;

    /// <summary>Product ids are drawn from 1 to this.</summary>
    public int Products { get; init; } = 20;

    /// <summary>How often an order is sent again (same key) after a failure or a timeout, as a careful client would.</summary>
    public int Retries { get; init; } = 5;

    /// <summary>Called once, after a third of the orders were sent: e.g. SIGKILL a replica mid-load.</summary>
    public Func<CancellationToken, Task>? MidwayAction { get; init; }

    /// <summary>The seed of the product choice.</summary>
    public int Seed { get; init; } = 1;
}
