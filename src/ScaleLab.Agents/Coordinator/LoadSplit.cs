using ScaleLab.Load.Engine;

namespace ScaleLab.Agents.Coordinator;

/// <summary>
/// One run's load cut into the agents' parts. Closed model: the users (and every stage's users) spread, the remainder
/// to the first agents. Open model: every agent gets the whole schedule and sends its interleaved share of the
/// arrivals (<see cref="LoadShare"/>), so the union is the asked process. A request budget (<c>-n</c>) spreads as users do.
/// </summary>
internal static class LoadSplit
{
    /// <exception cref="AgentException">The load is too small to give every agent some.</exception>
    public static IReadOnlyList<LoadOptions> Split(LoadOptions options, int agents)
    {
        if (options.Model == LoadModel.Closed && options.PeakLoad < agents)
        {
            throw new AgentException($"{options.PeakLoad:0} users for {agents} agents: give at least one user per agent (-c)");
        }

        if (options.Requests is { } budget && budget < agents)
        {
            throw new AgentException($"-n {budget} for {agents} agents: give at least one request per agent");
        }

        var parts = new LoadOptions[agents];
        for (var i = 0; i < agents; i++)
        {
            var part = options with
            {
                Requests = options.Requests is { } n ? Spread((long)n, i, agents) : null,
            };
            part = options.Model == LoadModel.Closed
                ? part with
                {
                    Connections = (int)Spread(options.Connections, i, agents),
                    Stages = options.Stages?.Select(s => s with { Target = Spread((long)s.Target, i, agents) }).ToArray(),
                }
                : part with { Share = new LoadShare(i, agents) };
            parts[i] = part;
        }

        return parts;
    }

    /// <summary>Part <paramref name="index"/> of <paramref name="total"/> split <paramref name="count"/> ways, the remainder to the first parts.</summary>
    public static long Spread(long total, int index, int count) => (total / count) + (index < total % count ? 1 : 0);
}
