using System.CommandLine;
using HdrHistogram;
using ScaleLab.Agents.Coordinator;
using ScaleLab.Load.Requests;
using static ScaleLab.Cli.Commands.OptionParsing;

namespace ScaleLab.Cli.Commands;

/// <summary>
/// <c>--agents</c> and its companions, for every command that sends load (<c>run</c> today; <c>diagnose</c> and
/// <c>scale</c> take it the same way): parsed into the <see cref="AgentLoadSource"/> that sends the load from the
/// agents, or null for load from this process. Each command makes its own instance, since an option belongs to one
/// command.
/// </summary>
internal sealed class AgentOptions
{
    public Option<string?> Agents { get; } = new("--agents") { Description = "Send the load from these agents (host:port,host:port; see `scalelab agent`), merged exactly into one result." };

    public Option<string?> TokenFile { get; } = new("--token-file") { Description = "With --agents: a file holding the agents' shared token (else SCALELAB_AGENT_TOKEN)." };

    public Option<string> OnAgentLoss { get; } = new("--on-agent-loss") { Description = "With --agents: continue (the others go on) or abort (stop them) when an agent stops answering mid-run.", DefaultValueFactory = _ => "continue" };

    public Option<string> MaxClockOffset { get; } = new("--max-clock-offset") { Description = "With --agents: refuse an agent whose clock is further off than this.", DefaultValueFactory = _ => "1s" };

    /// <summary>Every option, in the order help lists them.</summary>
    public IEnumerable<Option> All => [Agents, TokenFile, OnAgentLoss, MaxClockOffset];

    /// <summary>True when the command line names agents.</summary>
    public bool Given(ParseResult parse) => parse.GetValue(Agents) is not null;

    /// <summary>
    /// The source that sends <paramref name="request"/> from the agents given, or null without <c>--agents</c> (the
    /// companions without it are refused: they would be ignored).
    /// </summary>
    public AgentLoadSource? Create(ParseResult parse, RequestSpec request, Action<HistogramBase>? onInterval = null)
    {
        if (parse.GetValue(Agents) is not { } list)
        {
            if (parse.GetResult(TokenFile) is { Implicit: false } || parse.GetResult(OnAgentLoss) is { Implicit: false } || parse.GetResult(MaxClockOffset) is { Implicit: false })
            {
                throw new UsageException("--token-file, --on-agent-loss and --max-clock-offset go with --agents");
            }

            return null;
        }

        var addresses = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (addresses.Length == 0)
        {
            throw new UsageException("--agents: give host:port of at least one agent");
        }

        foreach (var address in addresses)
        {
            var colon = address.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(address[(colon + 1)..], out var port) || port is < 1 or > 65535 || Uri.CheckHostName(address[..colon].Trim('[', ']')) == UriHostNameType.Unknown)
            {
                throw new UsageException($"--agents: '{address}' is not host:port");
            }
        }

        if (addresses.Distinct(StringComparer.OrdinalIgnoreCase).Count() != addresses.Length)
        {
            throw new UsageException("--agents: an agent is named twice (it runs one run at a time)");
        }

        var policy = parse.GetValue(OnAgentLoss)?.ToLowerInvariant() switch
        {
            "continue" => AgentLossPolicy.Continue,
            "abort" => AgentLossPolicy.Abort,
            var other => throw new UsageException($"--on-agent-loss must be continue or abort, not '{other}'"),
        };
        var maxOffset = ParseDuration(parse.GetValue(MaxClockOffset), "--max-clock-offset");
        if (maxOffset <= TimeSpan.Zero)
        {
            throw new UsageException("--max-clock-offset must be above 0");
        }

        if (request.Flow is not null && RequestSpec.FlowDataFile(request.Flow) is { } dataFile && !request.FlowFiles.ContainsKey(dataFile))
        {
            throw new UsageException($"--flow's data file '{dataFile}' can't be read, so it can't be sent to the agents");
        }

        return new AgentLoadSource(addresses, AgentToken.Read(parse.GetValue(TokenFile)), request)
        {
            OnAgentLoss = policy,
            MaxClockOffset = maxOffset,
            OnInterval = onInterval,
        };
    }
}
