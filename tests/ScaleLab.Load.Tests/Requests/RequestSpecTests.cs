using System.Text.Json;
using ScaleLab.Core.Results;
using ScaleLab.Load.Engine;
using ScaleLab.Load.Requests;

namespace ScaleLab.Load.Tests.Requests;

public sealed class RequestSpecTests
{
    private const string Flow = """{ "data": { "file": "users.csv" }, "steps": [ { "path": "/login?u={{user}}" } ] }""";

    [Fact]
    public void ParseFlow_DataFileTravelledAsText_ReadsItsRows()
    {
        var spec = new RequestSpec { Flow = Flow, FlowFiles = new Dictionary<string, string> { ["users.csv"] = "user\nada\nbob\n" } };

        var flow = spec.ParseFlow(baseDirectory: null);

        Assert.NotNull(flow!.Data);
        Assert.Equal(2, flow.Data.Rows.Count);
    }

    [Theory]
    [InlineData("../users.csv")]
    [InlineData("/etc/passwd")]
    public void ParseFlow_DataFileOutsideTheFlowsFolder_IsRefused(string name)
    {
        var spec = new RequestSpec { Flow = Flow.Replace("users.csv", name, StringComparison.Ordinal), FlowFiles = new Dictionary<string, string> { [name] = "user\nada\n" } };

        var error = Assert.Throws<FormatException>(() => spec.ParseFlow(baseDirectory: null));

        Assert.Contains("inside the flow's folder", error.Message);
    }

    [Fact]
    public void Json_RoundTrip_KeepsEveryField()
    {
        var spec = new RequestSpec
        {
            Method = "POST",
            Headers = [new("X-Test", "1")],
            Body = "{\"a\":{{randomInt 1 9}}}",
            Http2 = true,
            Insecure = true,
            RequestsFile = "[]",
        };

        var back = JsonSerializer.Deserialize<RequestSpec>(JsonSerializer.Serialize(spec, ResultJson.Options), ResultJson.Options)!;

        Assert.Equal(spec.Method, back.Method);
        Assert.Equal(spec.Headers, back.Headers);
        Assert.Equal(spec.Body, back.Body);
        Assert.True(back.Http2 && back.Insecure);
        Assert.Equal(spec.RequestsFile, back.RequestsFile);
    }

    [Fact]
    public void Mix_SharedHeaders_GoWithEveryRequestOfAMixFile()
    {
        var spec = new RequestSpec { Headers = [new("X-Shared", "yes")], RequestsFile = """[ { "path": "/a" }, { "path": "/b", "headers": { "X-Own": "1" } } ]""" };

        var mix = spec.Mix(new Uri("http://127.0.0.1:1/"));

        Assert.Equal(2, mix.Requests.Count);
        Assert.All(mix.Requests, r => Assert.Contains(r.Definition.Headers, h => h.Key == "X-Shared"));
    }

    [Fact]
    public void CreateFactory_Flow_MakesAFlowFactory()
    {
        var spec = new RequestSpec { Flow = Flow, FlowFiles = new Dictionary<string, string> { ["users.csv"] = "user\nada\n" } };

        var factory = spec.CreateFactory(new Uri("http://127.0.0.1:1/"), new LoadOptions());

        Assert.IsAssignableFrom<IStepClientFactory>(factory);
        (factory as IDisposable)?.Dispose();
    }
}
