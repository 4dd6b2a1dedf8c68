using ScaleLab.Load.Requests;

namespace ScaleLab.Load.Tests.Requests;

public sealed class RequestMixFileTests
{
    [Fact]
    public void Parse_ValidMix_ReadsEveryFieldAndTheDefaults()
    {
        const string json = """
            { "requests": [
                { "name": "feed", "weight": 8, "path": "/users/{{randomInt 1 10000}}/feed" },
                { "name": "order", "weight": 1.5, "method": "POST", "path": "/orders",
                  "headers": { "Content-Type": "application/json", "X-Trace": "{{uuid}}" },
                  "body": "{\"productId\": {{randomInt 1 100}}}" },
                { "path": "/health" }, // comments and trailing commas are allowed
            ] }
            """;

        var definitions = RequestMixFile.Parse(json);

        Assert.Equal(3, definitions.Count);
        Assert.Equal(new RequestDefinition("feed", 8, "GET", "/users/{{randomInt 1 10000}}/feed", [], null) with { Headers = definitions[0].Headers }, definitions[0]);
        Assert.Empty(definitions[0].Headers);
        var order = definitions[1];
        Assert.Equal(("order", 1.5, "POST", "/orders"), (order.Name, order.Weight, order.Method, order.Target));
        Assert.Equal(
            [new("Content-Type", "application/json"), new("X-Trace", "{{uuid}}")],
            order.Headers);
        Assert.Equal("{\"productId\": {{randomInt 1 100}}}", order.Body);
        var health = definitions[2];
        Assert.Equal(("GET /health", 1.0, "GET", "/health", (string?)null), (health.Name, health.Weight, health.Method, health.Target, health.Body));
    }

    [Fact]
    public void Parse_BareArray_IsAcceptedAsTheRequests()
    {
        var definitions = RequestMixFile.Parse("""[ { "path": "/a" }, { "path": "/b", "weight": 2 } ]""");

        Assert.Equal(["/a", "/b"], definitions.Select(d => d.Target));
        Assert.Equal([1.0, 2.0], definitions.Select(d => d.Weight));
    }

    [Theory]
    [InlineData("{ \"requests\": [ { \"path\": \"/a\" } ", "not valid JSON")]
    [InlineData("not json at all", "not valid JSON")]
    [InlineData("{ \"requests\": [ { \"path\": \"/a\" }, { \"name\": \"b\" } ] }", "requests[1] has no \"path\"")]
    [InlineData("{ \"requests\": [ { \"path\": \"/a\", \"weight\": -1 } ] }", "requests[0].weight must be a positive number")]
    [InlineData("{ \"requests\": [ { \"path\": \"/a\", \"weight\": 0 } ] }", "requests[0].weight must be a positive number")]
    [InlineData("{ \"requests\": [ { \"path\": \"/a\", \"weight\": \"3\" } ] }", "requests[0].weight must be a positive number")]
    [InlineData("{ \"requests\": [] }", "non-empty")]
    [InlineData("{ \"other\": [] }", "unknown field \"other\"")]
    [InlineData("{ \"requests\": [ { \"path\": \"/a\", \"wieght\": 5 } ] }", "requests[0]: unknown field \"wieght\" (did you mean \"weight\"?)")]
    [InlineData("{ \"requests\": [ { \"path\": \"/a\", \"Method\": \"POST\" } ] }", "unknown field \"Method\" (did you mean \"method\"?)")]
    [InlineData("{ \"request\": [ { \"path\": \"/a\" } ] }", "the file: unknown field \"request\" (did you mean \"requests\"?)")]
    [InlineData("{ \"requests\": [ { \"path\": \"/a\", \"timeout\": \"1s\" } ] }", "unknown field \"timeout\"; the fields are name, weight, method, path, url, headers, body")]
    [InlineData("{ \"requests\": [ { \"path\": 5 } ] }", "requests[0].path must be a string")]
    [InlineData("{ \"requests\": [ { \"path\": \"/a\", \"headers\": [ \"X: y\" ] } ] }", "requests[0].headers must be an object")]
    [InlineData("{ \"requests\": [ \"/a\" ] }", "requests[0] must be an object")]
    public void Parse_InvalidMix_ThrowsFormatExceptionSayingWhere(string json, string reason)
    {
        var exception = Assert.Throws<FormatException>(() => RequestMixFile.Parse(json));

        Assert.Contains(reason, exception.Message);
        Assert.DoesNotContain('\n', exception.Message);
    }
}
