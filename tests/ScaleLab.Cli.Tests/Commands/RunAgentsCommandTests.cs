using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using ScaleLab.Agents.Agent;
using ScaleLab.Cli.Tests.Support;

namespace ScaleLab.Cli.Tests.Commands;

[Collection(ConsoleCollection.Name)]
public sealed class RunAgentsCommandTests : IAsyncLifetime
{
    private const string Token = "cli-agents-token";

    private static readonly string[] AgentFields = ["address", "requests", "errors", "cpuSeconds", "missedStarts", "clockOffsetMs", "lost", "lostAtSeconds"];

    private readonly string _directory = Directory.CreateTempSubdirectory("scalelab-run-agents-").FullName;
    private readonly List<AgentHost> _agents = [];
    private KestrelTarget _target = null!;

    private string TokenFile => Path.Combine(_directory, "token");

    private string Agents => string.Join(',', _agents.Select(a => $"127.0.0.1:{a.Port}"));

    public async Task InitializeAsync()
    {
        _target = await KestrelTarget.StartAsync(app => app.MapGet("/", () => "hello"));
        for (var i = 0; i < 2; i++)
        {
            _agents.Add(await AgentHost.StartAsync(IPAddress.Loopback, 0, Token));
        }

        await File.WriteAllTextAsync(TokenFile, Token + "\n");
    }

    public async Task DisposeAsync()
    {
        foreach (var agent in _agents)
        {
            await agent.DisposeAsync();
        }

        await _target.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Run_TwoAgents_JsonHasEveryAgentFieldAndTotalsAreTheirSums()
    {
        var json = Path.Combine(_directory, "run.json");

        var (exit, error) = await ConsoleCapture.RunAsync("run", _target.Uri.ToString(), "-c", "2", "-d", "1s", "--agents", Agents, "--token-file", TokenFile, "--json", json);

        Assert.True(exit == 0, error);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = document.RootElement;
        var agents = root.GetProperty("agents").EnumerateArray().ToArray();
        Assert.Equal(2, agents.Length);
        foreach (var agent in agents)
        {
            Assert.Equal(AgentFields, agent.EnumerateObject().Select(p => p.Name));
            Assert.False(agent.GetProperty("lost").GetBoolean());
            Assert.Equal(JsonValueKind.Null, agent.GetProperty("lostAtSeconds").ValueKind);
        }

        Assert.Equal(root.GetProperty("requests").GetInt64(), agents.Sum(a => a.GetProperty("requests").GetInt64()));
        Assert.True(root.GetProperty("requests").GetInt64() > 0);
    }

    [Fact]
    public async Task Run_AgentsWrongToken_ExitsTwoWithOneLine()
    {
        var wrong = Path.Combine(_directory, "wrong");
        await File.WriteAllTextAsync(wrong, "not-it");

        var (exit, error) = await ConsoleCapture.RunAsync("run", _target.Uri.ToString(), "-c", "2", "-d", "1s", "--agents", Agents, "--token-file", wrong);

        Assert.Equal(2, exit);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("refused the token", error);
    }

    [Theory]
    [InlineData("run", "-c", "2", "--agents", "127.0.0.1:7420")]
    [InlineData("run", "http://127.0.0.1:1/", "--agents", "nohostport")]
    [InlineData("run", "http://127.0.0.1:1/", "--on-agent-loss", "abort")]
    [InlineData("run", "http://127.0.0.1:1/", "--agents", "127.0.0.1:7420", "--on-agent-loss", "sometimes")]
    [InlineData("agent", "--listen", "nowhere")]
    public async Task Run_BadAgentInput_ExitsTwoWithOneLine(params string[] args)
    {
        var (exit, error) = await ConsoleCapture.RunAsync([.. args, .. args[0] == "agent" ? new[] { "--token-file", TokenFile } : []]);

        Assert.Equal(2, exit);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Agent_EmptyTokenFile_ExitsTwoWithOneLine()
    {
        var empty = Path.Combine(_directory, "empty");
        await File.WriteAllTextAsync(empty, "\n");

        var (exit, error) = await ConsoleCapture.RunAsync("agent", "--listen", "127.0.0.1:0", "--token-file", empty);

        Assert.Equal(2, exit);
        Assert.Contains("is empty", error);
    }
}
