using System.CommandLine;
using ScaleLab.Agents.Kubernetes;
using ScaleLab.Load.Engine;

namespace ScaleLab.Cli.Commands;

/// <summary>
/// <c>--kubernetes N</c> and its companions (<c>run</c>): N agents scheduled as an Indexed Job for the run, deleted
/// after it (docs/agents-kubernetes.md). Not for <c>scale</c>, whose <c>--kubernetes deployment/NAME</c> is the system
/// resized. Each command makes its own instance, since an option belongs to one command.
/// </summary>
internal sealed class KubernetesAgentOptions
{
    /// <summary>Time past the run's own length before the cluster ends the agents: the wait for them, the start, the merge.</summary>
    private static readonly TimeSpan LifetimeMargin = TimeSpan.FromMinutes(5);

    public Option<int?> Kubernetes { get; } = new("--kubernetes") { Description = "Send the load from N agents scheduled on Kubernetes (an Indexed Job, deleted after the run), merged exactly into one result." };

    public Option<string?> Namespace { get; } = new("--namespace") { Description = "With --kubernetes: the namespace (default: the context's, else default)." };

    public Option<string?> Image { get; } = new("--image") { Description = $"With --kubernetes: the agent image (default {AgentImage.Default})." };

    public Option<string?> Context { get; } = new("--context") { Description = "With --kubernetes: the kubeconfig context (default: the current one)." };

    /// <summary>Every option, in the order help lists them.</summary>
    public IEnumerable<Option> All => [Kubernetes, Namespace, Image, Context];

    /// <summary>
    /// The pool's options for a run of <paramref name="run"/>, or null without <c>--kubernetes</c> (the companions
    /// without it are refused: they would be ignored). <paramref name="token"/>: the one to give the agents, or null
    /// for a random one.
    /// </summary>
    public KubernetesAgentPoolOptions? Read(ParseResult parse, LoadOptions run, string? token)
    {
        if (parse.GetValue(Kubernetes) is not { } agents)
        {
            if (parse.GetResult(Namespace) is { Implicit: false } || parse.GetResult(Image) is { Implicit: false } || parse.GetResult(Context) is { Implicit: false })
            {
                throw new UsageException("--namespace, --image and --context go with --kubernetes N");
            }

            return null;
        }

        var options = new KubernetesAgentPoolOptions
        {
            Agents = agents,
            Namespace = parse.GetValue(Namespace),
            Image = parse.GetValue(Image),
            Context = parse.GetValue(Context),
            Token = token,
            Log = Console.Error.WriteLine,
        };
        options = options with { Lifetime = options.ReadyTimeout + run.Warmup + run.Duration + run.Timeout + LifetimeMargin };
        return options.Validate() is { } problem ? throw new UsageException(problem) : options;
    }
}
