using System.Text.Json;
using System.Xml.Linq;
using ScaleLab.Agents.Kubernetes;

namespace ScaleLab.Agents.Tests.Kubernetes;

/// <summary>
/// deploy/agent/Dockerfile, checked for what holds without a Docker engine (none runs here): it starts the agent the
/// Job's pods start, on the port they expose, as a non-root user, on the runtime the CLI targets, from the file the
/// publish writes.
/// </summary>
public sealed class AgentDockerfileTests
{
    private static readonly string Root = FindRoot();
    private static readonly string[] Lines = File.ReadAllLines(Path.Combine(Root, "deploy", "agent", "Dockerfile"))
        .Select(l => l.Trim())
        .Where(l => l.Length > 0 && !l.StartsWith('#'))
        .ToArray();

    [Fact]
    public void Dockerfile_Entrypoint_IsTheJobsCommandOnThePortItExposes()
    {
        var job = new AgentJob("x", null, 1, "image", AgentDefaults.Port, "t", TimeSpan.FromHours(1)).Job();
        var container = job.Spec.Template.Spec.Containers[0];

        Assert.Equal(container.Command, Instruction<string[]>("ENTRYPOINT"));
        Assert.Equal(container.Args, Instruction<string[]>("CMD"));
        Assert.Equal([$"{AgentDefaults.Port}"], Words("EXPOSE"));
    }

    [Fact]
    public void Dockerfile_Runtime_IsAspNetOfTheCliFrameworkAndNotRoot()
    {
        var framework = XDocument.Load(Path.Combine(Root, "Directory.Build.props")).Descendants("TargetFramework").Single().Value;

        Assert.Equal([$"mcr.microsoft.com/dotnet/aspnet:{framework["net".Length..]}"], Words("FROM"));
        var user = Assert.Single(Words("USER"));
        Assert.DoesNotContain(user, new[] { "root", "0" });
    }

    [Fact]
    public void Dockerfile_Scalelab_IsTheAppHostThePublishWrites()
    {
        // The publish names its app host after the CLI's AssemblyName: /app/<that> is what the link points to.
        var assemblyName = XDocument.Load(Path.Combine(Root, "src", "ScaleLab.Cli", "ScaleLab.Cli.csproj")).Descendants("AssemblyName").Single().Value;

        Assert.Equal(["/app/"], Words("COPY")[1..]);
        Assert.Contains($"ln -s /app/{assemblyName} /usr/local/bin/scalelab", string.Join(' ', Words("RUN")), StringComparison.Ordinal);
    }

    private static string[] Words(string instruction) =>
        Lines.Single(l => l.StartsWith(instruction + " ", StringComparison.Ordinal))[(instruction.Length + 1)..]
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>An exec-form instruction's JSON array.</summary>
    private static T Instruction<T>(string instruction) =>
        JsonSerializer.Deserialize<T>(Lines.Single(l => l.StartsWith(instruction + " ", StringComparison.Ordinal))[(instruction.Length + 1)..])!;

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ScaleLab.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("ScaleLab.slnx not found above the test's directory");
    }
}
