using System.CommandLine;
using System.Text;
using k8s;
using k8s.Models;
using ScaleLab.Cli.Commands;
using ScaleLab.Cli.Tests.Support;

namespace ScaleLab.Cli.Tests.Commands;

/// <summary>
/// <c>scalelab agent manifest</c>, through a root of its own: <c>agent</c> itself (the server) is registered with the
/// agent command, and <c>manifest</c> hooked under it there.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class AgentManifestCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("scalelab-manifest-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Manifest_TokenFile_PrintsTheObjectsWithThatToken()
    {
        var tokenFile = Path.Combine(_directory, "agent.token");
        await File.WriteAllTextAsync(tokenFile, "from-the-file\n");

        var (exit, output, error) = await RunAsync("agent", "manifest", "--agents", "3", "--namespace", "load", "--token-file", tokenFile);

        Assert.Equal(0, exit);
        var objects = KubernetesYaml.LoadAllFromString(output);
        var secret = Assert.IsType<V1Secret>(objects[0]);
        Assert.Equal("from-the-file", Encoding.UTF8.GetString(secret.Data["token"]));
        var job = Assert.IsType<V1Job>(objects[1]);
        Assert.Equal(3, job.Spec.Parallelism);
        Assert.Equal("load", job.Metadata.NamespaceProperty);
        Assert.DoesNotContain("token:", error, StringComparison.Ordinal);
        Assert.Contains("kubectl get pods -n load -l app.kubernetes.io/name=scalelab-agent,scalelab/run-id=", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Manifest_NoTokenFile_SaysOnStderrWhereTheGeneratedTokenIs()
    {
        var (exit, output, error) = await RunAsync("agent", "manifest", "--agents", "2");

        Assert.Equal(0, exit);
        var secret = Assert.IsType<V1Secret>(KubernetesYaml.LoadAllFromString(output)[0]);
        var line = Assert.Single(error.Split('\n'), l => l.StartsWith("token:", StringComparison.Ordinal));
        Assert.Contains($"secret/{secret.Metadata.Name} (key token)", line, StringComparison.Ordinal);
        Assert.Contains($"kubectl get secret {secret.Metadata.Name} -o jsonpath='{{.data.token}}' | base64 -d > agent.token", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--agents", "0", "--agents: the number of agents must be 1 to 256, not 0")]
    [InlineData("--lifetime", "soon", "--lifetime:")]
    [InlineData("--namespace", "Load_Test", "--namespace: Load_Test is not a namespace name")]
    public async Task Manifest_BadOption_OneLineUsageError(string option, string value, string expected)
    {
        string[] args = option == "--agents" ? ["agent", "manifest", option, value] : ["agent", "manifest", "--agents", "1", option, value];

        var error = await Assert.ThrowsAsync<UsageException>(() => RunAsync(args));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Manifest_EmptyTokenFile_OneLineUsageError()
    {
        var tokenFile = Path.Combine(_directory, "empty.token");
        await File.WriteAllTextAsync(tokenFile, "\n");

        var error = await Assert.ThrowsAsync<UsageException>(() => RunAsync("agent", "manifest", "--agents", "1", "--token-file", tokenFile));

        Assert.Equal($"--token-file {tokenFile} is empty: put the shared token in it", error.Message);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var root = new RootCommand { new Command("agent") { AgentManifestCommand.Create() } };
        var parse = root.Parse(args);
        Assert.Empty(parse.Errors);
        var (originalOut, originalError) = (Console.Out, Console.Error);
        using var output = new StringWriter();
        using var error = new StringWriter();
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var exit = await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
            return (exit, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }
}
