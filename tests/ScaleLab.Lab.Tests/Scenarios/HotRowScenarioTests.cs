using System.Net;
using System.Net.Http.Json;
using ScaleLab.Lab.Data;
using ScaleLab.Lab.Tests.Service;
using ScaleLab.Lab.Tests.Support;

namespace ScaleLab.Lab.Tests.Scenarios;

public sealed class HotRowScenarioTests
{
    [Fact]
    public async Task Orders_HotRow_AllHitOneProductWhoseStockFallsByTheAcknowledgedQuantityThenSellsOut()
    {
        await using var bed = await LabTestBed.CreateAsync(LabTestBed.SmallData with { StockPerProduct = 10 });
        var replicas = new[] { await bed.StartReplicaAsync("hot-row", 1), await bed.StartReplicaAsync("hot-row", 2) };

        // 30 clients at once order one unit each of 30 different products; the scenario sends them all to product 1.
        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            replicas[i % 2].PostAsJsonAsync("/orders", new { productId = 2 + i, quantity = 1, idempotencyKey = $"flash-{i}" })));
        var acknowledged = new List<OrderApiTests.OrderBody>();
        foreach (var response in responses.Where(r => r.StatusCode == HttpStatusCode.Created))
        {
            acknowledged.Add((await response.Content.ReadFromJsonAsync<OrderApiTests.OrderBody>())!);
        }

        var hot = await replicas[0].GetFromJsonAsync<ProductApiTests.ProductBody>("/products/1");
        var untouched = await replicas[0].GetFromJsonAsync<ProductApiTests.ProductBody>("/products/2");
        var ledger = await new OrderLedger(bed.Shards).ListAsync(CancellationToken.None);

        Assert.Equal(10, acknowledged.Count);
        Assert.Equal(20, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.All(acknowledged, order => Assert.Equal(1, order.ProductId));
        Assert.Equal(10 - acknowledged.Sum(o => o.Quantity), hot!.Stock);
        Assert.Equal(0, hot.Stock);
        Assert.Equal(10, untouched!.Stock);
        Assert.Equal(acknowledged.Select(o => o.OrderId).Order(), ledger.Select(o => o.OrderId).Order());
    }
}
