using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ScaleLab.Agents.Protocol;
using ScaleLab.Agents.Tests.Support;
using ScaleLab.Load.Engine;
using ScaleLab.Load.Requests;

namespace ScaleLab.Agents.Tests.Agent;

public sealed class AgentApiTests
{
    [Theory]
    [InlineData("wrong-token")]
    [InlineData("")]
    public async Task AnyEndpoint_WrongOrMissingToken_Returns401WithAnError(string token)
    {
        await using var pair = await AgentPair.StartAsync(count: 1);
        using var client = pair.Client(0, token.Length == 0 ? "x" : token);
        if (token.Length == 0)
        {
            client.DefaultRequestHeaders.Authorization = null;
        }

        using var info = await client.GetAsync("v1/agent");
        using var plan = await client.PostAsJsonAsync("v1/runs", Plan("r1", pair), AgentJson.Options);

        Assert.Equal(HttpStatusCode.Unauthorized, info.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, plan.StatusCode);
        var error = await info.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrEmpty(error.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task Runs_SecondPlanWhileOneIsHeld_Returns409NamingTheRunHeld()
    {
        await using var pair = await AgentPair.StartAsync(count: 1);
        using var client = pair.Client(0);

        using var first = await client.PostAsJsonAsync("v1/runs", Plan("first", pair), AgentJson.Options);
        using var second = await client.PostAsJsonAsync("v1/runs", Plan("second", pair), AgentJson.Options);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var error = (await second.Content.ReadFromJsonAsync<AgentError>(AgentJson.Options))!.Error;
        Assert.Contains("busy: run first", error);
    }

    [Fact]
    public async Task Lease_NoCallWithinIt_StopsTheRunAndFreesTheAgent()
    {
        await using var pair = await AgentPair.StartAsync(count: 1);
        using var client = pair.Client(0);
        using var created = await client.PostAsJsonAsync("v1/runs", Plan("leased", pair, leaseMs: 300), AgentJson.Options);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        // Only the info endpoint is called from now on: it renews no run's lease.
        var freed = false;
        for (var i = 0; i < 300 && !freed; i++)
        {
            await Task.Delay(100);
            var info = await client.GetFromJsonAsync<AgentInfo>("v1/agent", AgentJson.Options);
            freed = info is { Busy: false };
        }

        Assert.True(freed, "the agent still held the run 5 s after a 300 ms lease");
        using var again = await client.PostAsJsonAsync("v1/runs", Plan("next", pair), AgentJson.Options);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }

    [Fact]
    public async Task Runs_BadPlan_Returns400()
    {
        await using var pair = await AgentPair.StartAsync(count: 1);
        using var client = pair.Client(0);

        using var response = await client.PostAsJsonAsync("v1/runs", Plan("bad id!", pair), AgentJson.Options);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False((await client.GetFromJsonAsync<AgentInfo>("v1/agent", AgentJson.Options))!.Busy);
    }

    [Fact]
    public async Task Runs_TargetUnreachableFromTheAgent_Returns502AndStaysFree()
    {
        await using var pair = await AgentPair.StartAsync(count: 1);
        using var client = pair.Client(0);
        var plan = Plan("dead", pair) with { Target = $"http://127.0.0.1:{ScaleLab.Tests.Support.FreePort.Get()}/" };

        using var response = await client.PostAsJsonAsync("v1/runs", plan, AgentJson.Options);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.False((await client.GetFromJsonAsync<AgentInfo>("v1/agent", AgentJson.Options))!.Busy);
    }

    private static RunPlan Plan(string id, AgentPair pair, long leaseMs = 5000) => new(
        id,
        pair.Target.Uri.ToString(),
        new RequestSpec(),
        LoadPlan.From(LoadOptions.Closed(1, TimeSpan.FromSeconds(1)) with { Timeout = TimeSpan.FromSeconds(2) }),
        leaseMs);
}
