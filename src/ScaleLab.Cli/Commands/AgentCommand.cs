using System.CommandLine;
using System.Globalization;
using System.Net;
using ScaleLab.Agents;
using ScaleLab.Agents.Agent;

namespace ScaleLab.Cli.Commands;

/// <summary><c>scalelab agent</c>: a load agent that a coordinator (<c>run --agents</c>) drives over HTTP.</summary>
internal static class AgentCommand
{
    private static readonly Option<string> Listen = new("--listen") { Description = "HOST:PORT to listen on (port 0: any free port).", DefaultValueFactory = _ => $"0.0.0.0:{AgentDefaults.Port}" };
    private static readonly Option<string?> TokenFile = new("--token-file") { Description = $"A file holding the shared token every request must carry (else {AgentDefaults.TokenVariable})." };

    public static Command Create()
    {
        var command = new Command("agent", "A load agent: runs the parts of a test that `run --agents` sends it, one at a time, behind a shared token.")
        {
            Listen, TokenFile,
            // `scalelab agent manifest`: the objects `run --kubernetes` creates, for kubectl apply.
            AgentManifestCommand.Create(),
        };
        command.SetAction((parse, cancellationToken) => ExecuteAsync(parse, cancellationToken));
        return command;
    }

    private static async Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var token = AgentToken.Read(parse.GetValue(TokenFile));
        var (host, address, port) = ParseListen(parse.GetValue(Listen)!);
        AgentHost agent;
        try
        {
            agent = await AgentHost.StartAsync(address, port, token);
        }
        catch (IOException ex)
        {
            throw new UsageException($"--listen {host}:{port}: {ex.Message.Split('\n')[0]}");
        }

        await using (agent)
        {
            // Disposing stops the run held, then the server.
            return await ServingUntilStopped.AnnounceAndServeAsync(string.Create(CultureInfo.InvariantCulture, $"agent listening on http://{host}:{agent.Port}"), cancellationToken);
        }
    }

    private static (string Host, IPAddress Address, int Port) ParseListen(string listen)
    {
        var colon = listen.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(listen[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new UsageException($"--listen must be HOST:PORT (such as 0.0.0.0:{AgentDefaults.Port} or 127.0.0.1:0), not '{listen}'");
        }

        var host = listen[..colon];
        var address = host == "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(host.Trim('[', ']'), out var parsed) ? parsed
            : throw new UsageException($"--listen: '{host}' is not an IP address (or localhost)");
        return (host, address, port);
    }
}
