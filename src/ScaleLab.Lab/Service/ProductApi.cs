using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ScaleLab.Lab.Data;

namespace ScaleLab.Lab.Service;

/// <summary><c>GET /products/{id}</c>: a product and its stock, read from its shard (never cached: stock changes with every order).</summary>
internal static class ProductApi
{
    public static IEndpointRouteBuilder MapProductApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/products/{id:long}", GetAsync);
        return app;
    }

    private static async Task<IResult> GetAsync(long id, HttpContext context, LabDatabase database)
    {
        var product = await database.FindProductAsync(id, context.RequestAborted);
        return product is null ? Results.NotFound(new ErrorResponse($"no product {id}")) : Results.Ok(product);
    }
}
