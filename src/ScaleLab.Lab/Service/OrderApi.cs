using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ScaleLab.Lab.Data;
using ScaleLab.Lab.Scenarios;
using StackExchange.Redis;

namespace ScaleLab.Lab.Service;

/// <summary>
/// <c>POST /orders</c> {"productId", "quantity", "idempotencyKey"}: 201 with a new order (stock taken in the same
/// transaction), 200 with the first order when the key has ordered before, 409 when sold out, 404 for no such product.
/// </summary>
/// <remarks>
/// Orders live on their product's shard, where the unique idempotency key makes a second order impossible. A client
/// that reused a key for another product would reach another shard; the store remembers which product a key ordered
/// first and sends the retry there, so it gets the first order back instead of a second one.
/// </remarks>
internal static class OrderApi
{
    public const int MaxQuantity = 100;
    public const int MaxKeyLength = 128;
    private static readonly TimeSpan KeyMemory = TimeSpan.FromDays(1);

    public static IEndpointRouteBuilder MapOrderApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/orders", PlaceAsync);
        return app;
    }

    private static async Task<IResult> PlaceAsync(
        OrderRequest request,
        HttpContext context,
        LabDatabase database,
        ILabScenario scenario,
        IConnectionMultiplexer store,
        LabIds ids,
        TimeProvider time,
        WriteBroadcast broadcast)
    {
        if (request.Quantity is < 1 or > MaxQuantity)
        {
            return Results.BadRequest(new ErrorResponse($"quantity must be 1 to {MaxQuantity}"));
        }

        if (string.IsNullOrWhiteSpace(request.IdempotencyKey) || request.IdempotencyKey.Length > MaxKeyLength)
        {
            return Results.BadRequest(new ErrorResponse($"idempotencyKey must be 1 to {MaxKeyLength} characters"));
        }

        var productId = scenario.OrderTarget(request.ProductId);
        var keyOwner = StoreConnection.KeyPrefix + "order-key:" + request.IdempotencyKey;
        var db = store.GetDatabase();
        if (!await db.StringSetAsync(keyOwner, productId, KeyMemory, When.NotExists))
        {
            var owner = await db.StringGetAsync(keyOwner);
            if (long.TryParse(owner.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var first))
            {
                productId = first;
            }
        }

        var outcome = await database.PlaceOrderAsync(ids.Next(), request.IdempotencyKey, productId, request.Quantity, time.GetUtcNow(), context.RequestAborted);
        switch (outcome.Status)
        {
            case OrderStatus.Created:
                await broadcast.NotifyAsync("order", productId);
                return Results.Created($"/orders/{outcome.Order!.OrderId}", OrderResponse.From(outcome.Order, outcome.StockLeft, replayed: false));
            case OrderStatus.Replayed:
                return Results.Ok(OrderResponse.From(outcome.Order!, null, replayed: true));
            case OrderStatus.SoldOut:
                // Nothing was ordered under the key: forget it, so a retry for another product is a new order.
                await db.KeyDeleteAsync(keyOwner);
                return Results.Json(new SoldOutResponse("sold out", productId, outcome.StockLeft ?? 0, request.Quantity), statusCode: StatusCodes.Status409Conflict);
            default:
                await db.KeyDeleteAsync(keyOwner);
                return Results.NotFound(new ErrorResponse($"no product {productId}"));
        }
    }

    internal sealed record OrderRequest(long ProductId, int Quantity, string? IdempotencyKey);

    internal sealed record OrderResponse(long OrderId, int Shard, string IdempotencyKey, long ProductId, long Quantity, DateTimeOffset CreatedAt, long? StockLeft, bool Replayed)
    {
        public static OrderResponse From(OrderRecord order, long? stockLeft, bool replayed) =>
            new(order.OrderId, order.Shard, order.IdempotencyKey, order.ProductId, order.Quantity, order.CreatedAt, stockLeft, replayed);
    }

    internal sealed record SoldOutResponse(string Error, long ProductId, long Stock, int Requested);
}
