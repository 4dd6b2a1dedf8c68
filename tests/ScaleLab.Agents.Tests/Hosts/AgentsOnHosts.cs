using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

namespace ScaleLab.Agents.Tests.Hosts;

/// <summary>
/// A run across hosts, set up once per test class: a <see cref="NetworkLab"/> with the target
/// (<c>scalelab target</c>) in one namespace, a load agent (<c>scalelab agent</c>) in each of two others, all three
/// processes of the built CLI, and their shared token in a file. The coordinator (<c>scalelab run … --agents</c>)
/// runs in the root namespace, where the test is, one per test.
/// </summary>
public sealed class AgentsOnHosts : IAsyncLifetime
{
    public const int TargetPort = 8080;
    public const int AgentPort = 7420;

    /// <summary>A start of the CLI on a busy 2-core machine (JIT, Kestrel) takes seconds; a minute means it is broken.</summary>
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);

    private readonly DirectoryInfo _files = System.IO.Directory.CreateTempSubdirectory("sl-agents-");

    public NetworkLab Lab { get; } = new();

    public string Token { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public string TokenFile => Path.Combine(_files.FullName, "token");

    public string Directory => _files.FullName;

    public string TargetUrl => $"http://{Lab.Address("target")}:{TargetPort}/";

    public string AgentAddress(string host) => $"{Lab.Address(host)}:{AgentPort}";

    /// <summary><c>A:7420,B:7420</c> for <c>--agents</c>.</summary>
    public string Agents => $"{AgentAddress("agent-a")},{AgentAddress("agent-b")}";

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(TokenFile, Token + "\n");
        await Lab.InitializeAsync();
        try
        {
            var target = Lab.RunIn("target", ScalelabCli.Executable, ScalelabCli.Arguments("target", "--listen", $"{Lab.Address("target")}:{TargetPort}"));
            var agents = new[] { "agent-a", "agent-b" }.Select(host =>
                Lab.RunIn(host, ScalelabCli.Executable, ScalelabCli.Arguments("agent", "--listen", AgentAddress(host), "--token-file", TokenFile))).ToArray();
            await target.WaitForLineAsync("target listening on", Startup);
            foreach (var agent in agents)
            {
                await agent.WaitForLineAsync("agent listening on", Startup);
            }

            // A first answer takes the JIT's time, seconds on a busy 2-core machine: longer than the coordinator
            // gives an agent's first call (2 s). Asked once here, as an operator's health check would.
            await WaitIdleAsync(Startup);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Waits until both agents answer and hold no run: a coordinator deletes its runs as it exits, but a delete
    /// that timed out on a busy machine leaves the run held until its lease lapses, and the next test's run would
    /// be refused as busy.
    /// </summary>
    public async Task WaitIdleAsync(TimeSpan bound)
    {
        using var client = NetworkLabTests.LabClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var clock = Stopwatch.StartNew();
        foreach (var host in new[] { "agent-a", "agent-b" })
        {
            var info = default(JsonElement);
            while (clock.Elapsed < bound)
            {
                info = await client.GetFromJsonAsync<JsonElement>($"http://{AgentAddress(host)}/v1/agent");
                if (!info.GetProperty("busy").GetBoolean())
                {
                    break;
                }

                await Task.Delay(100);
            }

            if (info.ValueKind != JsonValueKind.Object || info.GetProperty("busy").GetBoolean())
            {
                throw new TimeoutException($"{host} still holds a run after {bound.TotalSeconds:0} s: {info}");
            }
        }
    }

    /// <summary>Runs the coordinator, <c>scalelab ARGUMENTS</c>, in the root namespace; bounded by <paramref name="bound"/>.</summary>
    public async Task<CoordinatorRun> RunCoordinatorAsync(TimeSpan bound, params string[] arguments)
    {
        await WaitIdleAsync(TimeSpan.FromSeconds(30));
        var clock = Stopwatch.StartNew();
        using var process = Lab.RunInRoot(ScalelabCli.Executable, ScalelabCli.Arguments(arguments));
        var exit = await process.WaitForExitAsync(bound);
        return new CoordinatorRun(exit, process.Output, process.Error, clock.Elapsed);
    }

    /// <summary>The requests the target answered so far (its <c>GET /stats</c>).</summary>
    public async Task<long> TargetServedAsync()
    {
        using var client = NetworkLabTests.LabClient();
        var stats = await client.GetFromJsonAsync<JsonElement>(TargetUrl + "stats");
        return stats.GetProperty("requests").GetInt64();
    }

    public async Task DisposeAsync()
    {
        try
        {
            await Lab.DisposeAsync();
        }
        finally
        {
            _files.Delete(recursive: true);
        }
    }
}

/// <summary>What a coordinator process did: its exit code, outputs and how long it took, start-up included.</summary>
public sealed record CoordinatorRun(int Exit, string Output, string Error, TimeSpan Elapsed)
{
    public override string ToString() => $"exit {Exit} after {Elapsed.TotalSeconds:0.0} s; stdout: {Output}; stderr: {Error}";
}
