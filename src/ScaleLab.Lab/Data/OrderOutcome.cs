namespace ScaleLab.Lab.Data;

/// <summary>What placing an order did.</summary>
internal enum OrderStatus
{
    /// <summary>A new order: stock was taken.</summary>
    Created,

    /// <summary>The idempotency key had already ordered: the first order, nothing taken.</summary>
    Replayed,

    /// <summary>Not enough stock: nothing taken.</summary>
    SoldOut,

    /// <summary>No such product.</summary>
    UnknownProduct,
}

/// <summary>The result of <see cref="LabDatabase.PlaceOrderAsync"/>: the order when there is one, and the stock left when known.</summary>
internal sealed record OrderOutcome(OrderStatus Status, OrderRecord? Order, long? StockLeft);
