using ScaleLab.Load.Requests;

namespace ScaleLab.Load.Tests.Requests;

public sealed class RequestMixTests
{
    private static readonly Uri Base = new("http://127.0.0.1:8080/");

    [Fact]
    public void Pick_WeightedMix_FollowsTheWeightsOverManyPicks()
    {
        var mix = RequestMix.Create(Base,
        [
            new RequestDefinition("feed", 8, "GET", "/feed", [], null),
            new RequestDefinition("order", 1, "POST", "/orders", [], "{}"),
            new RequestDefinition("health", 1, "GET", "/health", [], null),
        ]);
        var random = new Random(42);

        var counts = Enumerable.Range(0, 10_000)
            .Select(_ => mix.Pick(random).Definition.Name)
            .CountBy(name => name)
            .ToDictionary();

        // Expected 8000 / 1000 / 1000; the standard deviations are about 40 and 30, the margins ten times that.
        Assert.InRange(counts["feed"], 7600, 8400);
        Assert.InRange(counts["order"], 700, 1300);
        Assert.InRange(counts["health"], 700, 1300);
    }

    [Fact]
    public void Pick_SameSeed_PicksTheSameSequence()
    {
        var mix = RequestMix.Create(Base,
        [
            new RequestDefinition("a", 1, "GET", "/a", [], null),
            new RequestDefinition("b", 2, "GET", "/b", [], null),
        ]);

        var a = new Random(3);
        var b = new Random(3);

        var first = Enumerable.Range(0, 200).Select(_ => mix.Pick(a).Definition.Name).ToList();
        var second = Enumerable.Range(0, 200).Select(_ => mix.Pick(b).Definition.Name).ToList();

        Assert.Equal(first, second);
        Assert.Equal(2, first.Distinct().Count());
    }

    [Fact]
    public void Single_UrlWithQuery_SendsThatPathAndQuery()
    {
        var mix = RequestMix.Single(new Uri("http://127.0.0.1:8080/search?q=x"), "HEAD");

        var request = mix.Pick(new Random(1));

        Assert.Equal("/search?q=x", request.Target.Source);
        Assert.Equal("HEAD", request.Method);
        Assert.True(request.IsHead);
    }

    [Fact]
    public void Create_NoRequests_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => RequestMix.Create(Base, []));
    }

    [Theory]
    [InlineData("GET", "http://other.example/x")]
    [InlineData("GET", "no-slash")]
    [InlineData("GET", "/with space")]
    [InlineData("GE T", "/")]
    [InlineData("GET", "/{{unknown}}")]
    public void Create_InvalidRequest_ThrowsFormatException(string method, string path)
    {
        Assert.Throws<FormatException>(() => RequestMix.Create(Base, [new RequestDefinition("bad", 1, method, path, [], null)]));
    }

    [Fact]
    public void Pick_HugeWeights_SplitsEvenlyInsteadOfOverflowing()
    {
        var mix = RequestMix.Create(Base,
        [
            new RequestDefinition("a", 1e308, "GET", "/a", [], null),
            new RequestDefinition("b", 1e308, "GET", "/b", [], null),
        ]);
        var random = new Random(42);

        var counts = Enumerable.Range(0, 10_000).Select(_ => mix.Pick(random).Definition.Name).CountBy(n => n).ToDictionary();

        // 5000 each expected, standard deviation 50: a sum that overflowed to infinity sends every pick to "b".
        Assert.InRange(counts.GetValueOrDefault("a"), 4500, 5500);
        Assert.InRange(counts.GetValueOrDefault("b"), 4500, 5500);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    public void Create_WeightNotFinitePositive_ThrowsWithTheRequestName(double weight)
    {
        var ex = Assert.Throws<FormatException>(() => RequestMix.Create(Base,
        [
            new RequestDefinition("ok", 1, "GET", "/a", [], null),
            new RequestDefinition("odd", weight, "GET", "/b", [], null),
        ]));

        Assert.Contains("'odd'", ex.Message);
        Assert.Contains("weight", ex.Message);
    }

    [Fact]
    public void Create_WeightTooSmallBesideTheLargest_Throws()
    {
        var ex = Assert.Throws<FormatException>(() => RequestMix.Create(Base,
        [
            new RequestDefinition("big", 1e308, "GET", "/a", [], null),
            new RequestDefinition("tiny", double.Epsilon, "GET", "/b", [], null),
        ]));

        Assert.Contains("'tiny'", ex.Message);
    }

    [Theory]
    [InlineData("Content-Length", "5")]
    [InlineData("content-length", "0")]
    [InlineData("Transfer-Encoding", "chunked")]
    public void Create_UserFramingHeader_ThrowsNamingTheHeader(string name, string value)
    {
        var ex = Assert.Throws<FormatException>(() => RequestMix.Single(new Uri(Base, "/orders"), "POST", [new(name, value)], "{}"));

        Assert.Contains(name, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }
}
