using System.Net;
using Microsoft.AspNetCore.Builder;
using ScaleLab.Agents.Agent;

namespace ScaleLab.Agents.Tests.Support;

/// <summary>Two real agents on 127.0.0.1:0 and a Kestrel target that counts what it answered.</summary>
internal sealed class AgentPair : IAsyncDisposable
{
    public const string Token = "test-token-7f3a";

    private long _served;

    private AgentPair(KestrelTarget target, AgentHost[] agents)
    {
        Target = target;
        Agents = agents;
    }

    public KestrelTarget Target { get; }

    public AgentHost[] Agents { get; }

    /// <summary>Requests the target answered.</summary>
    public long Served => Interlocked.Read(ref _served);

    public string[] Addresses => [.. Agents.Select(a => $"127.0.0.1:{a.Port}")];

    /// <param name="count">How many agents.</param>
    /// <param name="login">Told the user of each <c>GET /login?u=USER</c> the target serves.</param>
    public static async Task<AgentPair> StartAsync(int count = 2, Action<string>? login = null)
    {
        AgentPair? pair = null;
        var target = await KestrelTarget.StartAsync(app =>
        {
            app.MapGet("/", () =>
            {
                Interlocked.Increment(ref pair!._served);
                return "hello";
            });
            app.MapGet("/login", (string u) =>
            {
                Interlocked.Increment(ref pair!._served);
                login?.Invoke(u);
                return "welcome";
            });
        });
        var agents = new AgentHost[count];
        for (var i = 0; i < count; i++)
        {
            agents[i] = await AgentHost.StartAsync(IPAddress.Loopback, 0, Token);
        }

        pair = new AgentPair(target, agents);
        return pair;
    }

    /// <summary>A client of agent <paramref name="index"/>'s API with <paramref name="token"/>.</summary>
    public HttpClient Client(int index, string token = Token)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Agents[index].Port}/"), Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in Agents)
        {
            await agent.DisposeAsync();
        }

        await Target.DisposeAsync();
    }
}
