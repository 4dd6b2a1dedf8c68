using System.Net;
using System.Net.Http.Json;
using ScaleLab.Lab.Data;
using ScaleLab.Lab.Tests.Support;

namespace ScaleLab.Lab.Tests.Service;

public sealed class OrderApiTests
{
    [Fact]
    public async Task Order_InStock_Returns201AndTakesTheStock()
    {
        await using var bed = await LabTestBed.CreateAsync();
        var client = await bed.StartReplicaAsync("baseline");

        using var response = await client.PostAsJsonAsync("/orders", new { productId = 4, quantity = 3, idempotencyKey = "k-1" });
        var order = await response.Content.ReadFromJsonAsync<OrderBody>();
        var product = await client.GetFromJsonAsync<ProductApiTests.ProductBody>("/products/4");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(4, order!.ProductId);
        Assert.Equal(3, order.Quantity);
        Assert.False(order.Replayed);
        Assert.Equal(LabTestBed.SmallData.StockPerProduct - 3, product!.Stock);
        Assert.Equal(product.Stock, order.StockLeft);
    }

    [Fact]
    public async Task Order_SameIdempotencyKeyTwice_OrdersOnceAndReturnsTheFirstOrder()
    {
        await using var bed = await LabTestBed.CreateAsync();
        var client = await bed.StartReplicaAsync("baseline");

        using var first = await client.PostAsJsonAsync("/orders", new { productId = 6, quantity = 2, idempotencyKey = "same-key" });
        using var second = await client.PostAsJsonAsync("/orders", new { productId = 6, quantity = 2, idempotencyKey = "same-key" });
        var firstOrder = await first.Content.ReadFromJsonAsync<OrderBody>();
        var secondOrder = await second.Content.ReadFromJsonAsync<OrderBody>();
        var product = await client.GetFromJsonAsync<ProductApiTests.ProductBody>("/products/6");
        var ledger = await new OrderLedger(bed.Shards).FindAsync("same-key", CancellationToken.None);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.True(secondOrder!.Replayed);
        Assert.Equal(firstOrder!.OrderId, secondOrder.OrderId);
        Assert.Equal(LabTestBed.SmallData.StockPerProduct - 2, product!.Stock);
        Assert.Single(ledger);
    }

    [Fact]
    public async Task Order_SameKeyFromManyClientsAtOnceOnTwoReplicas_OrdersOnce()
    {
        await using var bed = await LabTestBed.CreateAsync();
        var replicas = new[] { await bed.StartReplicaAsync("baseline", 1), await bed.StartReplicaAsync("baseline", 2) };

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            replicas[i % 2].PostAsJsonAsync("/orders", new { productId = 8, quantity = 1, idempotencyKey = "racing-key" })));
        var orders = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<OrderBody>()));
        var product = await replicas[0].GetFromJsonAsync<ProductApiTests.ProductBody>("/products/8");

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode));
        Assert.Single(orders.Select(o => o!.OrderId).Distinct());
        Assert.Equal(LabTestBed.SmallData.StockPerProduct - 1, product!.Stock);
        Assert.Single(await new OrderLedger(bed.Shards).FindAsync("racing-key", CancellationToken.None));
    }

    [Fact]
    public async Task Order_SameKeyForAnotherProduct_ReturnsTheFirstOrder()
    {
        await using var bed = await LabTestBed.CreateAsync();
        var client = await bed.StartReplicaAsync("baseline");
        var other = Enumerable.Range(2, 40).First(p => bed.Shards.ShardForProduct(p) != bed.Shards.ShardForProduct(1));

        using var first = await client.PostAsJsonAsync("/orders", new { productId = 1, quantity = 1, idempotencyKey = "moved-key" });
        using var second = await client.PostAsJsonAsync("/orders", new { productId = other, quantity = 1, idempotencyKey = "moved-key" });
        var secondOrder = await second.Content.ReadFromJsonAsync<OrderBody>();

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(1, secondOrder!.ProductId);
        Assert.Single(await new OrderLedger(bed.Shards).FindAsync("moved-key", CancellationToken.None));
    }

    [Fact]
    public async Task Order_MoreThanTheStock_Returns409AndTakesNothing()
    {
        await using var bed = await LabTestBed.CreateAsync(LabTestBed.SmallData with { StockPerProduct = 5 });
        var client = await bed.StartReplicaAsync("baseline");

        using var response = await client.PostAsJsonAsync("/orders", new { productId = 2, quantity = 6, idempotencyKey = "too-many" });
        var product = await client.GetFromJsonAsync<ProductApiTests.ProductBody>("/products/2");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(5, product!.Stock);
        Assert.Empty(await new OrderLedger(bed.Shards).ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Order_UnknownProduct_Returns404()
    {
        await using var bed = await LabTestBed.CreateAsync();
        var client = await bed.StartReplicaAsync("baseline");

        using var response = await client.PostAsJsonAsync("/orders", new { productId = 5000, quantity = 1, idempotencyKey = "nothing" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData(0, "k")]
    [InlineData(101, "k")]
    [InlineData(1, "")]
    public async Task Order_InvalidQuantityOrKey_Returns400(int quantity, string key)
    {
        await using var bed = await LabTestBed.CreateAsync();
        var client = await bed.StartReplicaAsync("baseline");

        using var response = await client.PostAsJsonAsync("/orders", new { productId = 1, quantity, idempotencyKey = key });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Ledger_ManyOrdersOverShards_ListsEachOnceByKeyAndStockAddsUp()
    {
        await using var bed = await LabTestBed.CreateAsync();
        var client = await bed.StartReplicaAsync("baseline");

        for (var i = 1; i <= 20; i++)
        {
            (await client.PostAsJsonAsync("/orders", new { productId = i, quantity = 2, idempotencyKey = $"order-{i}" })).EnsureSuccessStatusCode();
        }

        var ledger = new OrderLedger(bed.Shards);
        var byKey = await ledger.ByIdempotencyKeyAsync(CancellationToken.None);
        var stock = await ledger.ListStockAsync(CancellationToken.None);

        Assert.Equal(20, byKey.Count);
        Assert.All(byKey.Values, orders => Assert.Single(orders));
        Assert.Equal(2, byKey.Values.Select(o => o[0].Shard).Distinct().Count());
        Assert.Equal(LabTestBed.SmallData.Products * (long)LabTestBed.SmallData.StockPerProduct, stock.Sum(s => s.Stock) + byKey.Values.Sum(o => o[0].Quantity));
    }

    internal sealed record OrderBody(long OrderId, int Shard, string IdempotencyKey, long ProductId, long Quantity, DateTimeOffset CreatedAt, long? StockLeft, bool Replayed);
}
