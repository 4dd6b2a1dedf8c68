using System.CommandLine;
using ScaleLab.Agents;
using ScaleLab.Agents.Kubernetes;
using static ScaleLab.Cli.Commands.OptionParsing;

namespace ScaleLab.Cli.Commands;

/// <summary>
/// <c>scalelab agent manifest</c>: the Secret and the Indexed Job that <c>run --kubernetes N</c> creates, as YAML on
/// stdout for <c>kubectl apply -f -</c>, for users who schedule agents themselves (GitOps, no API access from where
/// the coordinator runs).
/// </summary>
internal static class AgentManifestCommand
{
    private static readonly Option<int> Agents = new("--agents") { Description = "How many agent pods (spread over nodes when there are enough)", Required = true };
    private static readonly Option<string?> Namespace = new("--namespace") { Description = "The namespace written into the objects (else kubectl's -n or the context's)" };
    private static readonly Option<string?> Image = new("--image") { Description = $"The agent image (default {AgentImage.Default})" };
    private static readonly Option<string?> TokenFile = new("--token-file")
    {
        Description = "A file holding the shared token to put in the Secret (else a random one, and stderr says where to read it)",
    };
    private static readonly Option<string> Lifetime = new("--lifetime")
    {
        Description = "The longest the agents may run (the Job's activeDeadlineSeconds), e.g. 30m, 8h",
        DefaultValueFactory = _ => "1h",
    };

    public static Command Create()
    {
        var command = new Command("manifest", "Print the Kubernetes objects of N agents (a Secret with the token, an Indexed Job) as YAML for kubectl apply")
        {
            Agents, Namespace, Image, TokenFile, Lifetime,
        };
        command.SetAction(parse =>
        {
            var options = new AgentManifestOptions
            {
                Agents = parse.GetValue(Agents),
                Namespace = parse.GetValue(Namespace),
                Image = parse.GetValue(Image),
                Token = parse.GetValue(TokenFile) is { } file ? ReadToken(file) : null,
                Lifetime = ParseDuration(parse.GetValue(Lifetime), "--lifetime"),
            };
            if (options.Validate() is { } problem)
            {
                throw new UsageException(problem);
            }

            var manifest = AgentManifest.Create(options);
            Console.Out.Write(manifest.Yaml);
            var ns = options.Namespace is { } given ? $" -n {given}" : "";
            if (manifest.TokenGenerated)
            {
                Console.Error.WriteLine(
                    $"token: generated, in secret/{manifest.SecretName} (key token); for the coordinator: kubectl get secret {manifest.SecretName}{ns} -o jsonpath='{{.data.token}}' | base64 -d > agent.token");
            }

            Console.Error.WriteLine($"agents' addresses, once ready: kubectl get pods{ns} -l {manifest.LabelSelector} -o jsonpath='{{range .items[*]}}{{.status.podIP}}:{AgentDefaults.Port}{{\"\\n\"}}{{end}}'");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The token in <paramref name="file"/>, without the line break an editor or <c>echo</c> adds.</summary>
    private static string ReadToken(string file)
    {
        var token = ReadFile(file, "--token-file").Trim();
        return token.Length > 0 ? token : throw new UsageException($"--token-file {file} is empty: put the shared token in it");
    }
}
