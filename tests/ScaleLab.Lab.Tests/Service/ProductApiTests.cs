using System.Net;
using System.Net.Http.Json;
using ScaleLab.Lab.Tests.Support;

namespace ScaleLab.Lab.Tests.Service;

public sealed class ProductApiTests
{
    [Fact]
    public async Task Product_Seeded_ReturnsNameAndStock()
    {
        await using var bed = await LabTestBed.CreateAsync();
        var client = await bed.StartReplicaAsync("baseline");

        var product = await client.GetFromJsonAsync<ProductBody>("/products/3");

        Assert.Equal(3, product!.Id);
        Assert.Equal("Product 3", product.Name);
        Assert.Equal(LabTestBed.SmallData.StockPerProduct, product.Stock);
    }

    [Fact]
    public async Task Product_Unknown_Returns404()
    {
        await using var bed = await LabTestBed.CreateAsync();
        var client = await bed.StartReplicaAsync("baseline");

        using var response = await client.GetAsync("/products/9999");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    internal sealed record ProductBody(long Id, string Name, long PriceCents, long Stock);
}
