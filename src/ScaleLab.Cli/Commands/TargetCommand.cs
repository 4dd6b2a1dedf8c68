using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ScaleLab.Cli.Targets;

namespace ScaleLab.Cli.Commands;

/// <summary>
/// <c>scalelab target --listen HOST:PORT</c> (hidden): the embedded target of <c>scalelab run</c> in a process of its
/// own, on an address of the caller's choice, so that tests can put it on another host (a network namespace) and
/// hold the load's request count against its <c>GET /stats</c>. Prints <c>target listening on URL</c> when ready and
/// serves until Ctrl-C or SIGTERM.
/// </summary>
internal static class TargetCommand
{
    private static readonly Option<string> Listen = new("--listen") { Description = "Address and port to listen on, e.g. 10.0.0.2:8080 (port 0: any free port)", Required = true };

    public static Command Create()
    {
        var command = new Command("target", "Serve the embedded target (GET / and GET /stats) on an address (for tests across hosts)") { Listen };
        command.Hidden = true;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var endpoint = ParseEndpoint(parse.GetValue(Listen)!);
            await using var target = await StartAsync(endpoint, cancellationToken);
            return await ServingUntilStopped.AnnounceAndServeAsync($"target listening on {target.Uri.GetLeftPart(UriPartial.Authority)}", cancellationToken);
        });
        return command;
    }

    private static async Task<EmbeddedTarget> StartAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        try
        {
            return await EmbeddedTarget.StartAsync(endpoint, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            // An address this host does not have, or a port in use: the user's input, not a bug.
            throw new UsageException($"--listen: cannot listen on {endpoint}: {(ex.InnerException ?? ex).Message}");
        }
    }

    /// <summary>HOST:PORT with HOST an IP address (IPv6 in brackets) or <c>localhost</c>.</summary>
    internal static IPEndPoint ParseEndpoint(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon > 0 && text[..colon] == "localhost"
            && int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            && port <= IPEndPoint.MaxPort)
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        // IPEndPoint.TryParse takes a bare address as port 0: a port must be written, even 0.
        var hasPort = colon > 0 && colon > text.LastIndexOf(']') && (text.StartsWith('[') || text.IndexOf(':') == colon);
        return hasPort && IPEndPoint.TryParse(text, out var endpoint)
            ? endpoint
            : throw new UsageException($"--listen: '{text}' is not HOST:PORT with HOST an IP address (e.g. 10.0.0.2:8080, [::1]:8080)");
    }
}
