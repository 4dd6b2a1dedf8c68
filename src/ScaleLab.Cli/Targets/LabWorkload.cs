using System.Globalization;
using ScaleLab.Lab.Data;
using ScaleLab.Load.Requests;

namespace ScaleLab.Cli.Targets;

/// <summary>
/// A realistic request mix for the lab's service: mostly feed reads, some logins and some orders, spread over the
/// seeded users and products (<c>samples/lab-mix.json</c>), as <c>scalelab scale --lab</c> sends it: a request mix, so that
/// capacity is in requests per second (<c>diagnose</c> runs the lab's flow instead).
/// </summary>
internal static class LabWorkload
{
    /// <summary>The mix: 8 feed reads, 1 login and 1 order in 10 requests.</summary>
    public static IReadOnlyList<RequestDefinition> Mix(SeedOptions seed)
    {
        var users = seed.Users.ToString(CultureInfo.InvariantCulture);
        var products = seed.Products.ToString(CultureInfo.InvariantCulture);
        IReadOnlyList<KeyValuePair<string, string>> json = [new("Content-Type", "application/json")];
        return
        [
            new RequestDefinition("feed", 8, "GET", $"/users/{{{{randomInt 1 {users}}}}}/feed", [], null),
            new RequestDefinition("login", 1, "POST", "/login", json, $"{{\"userId\": {{{{randomInt 1 {users}}}}}}}"),
            new RequestDefinition("order", 1, "POST", "/orders", json,
                $"{{\"productId\": {{{{randomInt 1 {products}}}}}, \"quantity\": 1, \"idempotencyKey\": \"{{{{uuid}}}}\"}}"),
        ];
    }
}
