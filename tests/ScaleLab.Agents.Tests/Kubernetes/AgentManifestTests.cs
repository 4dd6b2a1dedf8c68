using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using ScaleLab.Agents.Kubernetes;

namespace ScaleLab.Agents.Tests.Kubernetes;

public sealed class AgentManifestTests
{
    [Fact]
    public void Create_Yaml_RoundTripsToTheSecretAndTheIndexedJob()
    {
        var manifest = AgentManifest.Create(new AgentManifestOptions { Agents = 3, Namespace = "load", Token = "s3cret", RunId = "ab12cd34", Lifetime = TimeSpan.FromHours(8) });

        var objects = KubernetesYaml.LoadAllFromString(manifest.Yaml);

        Assert.Equal(2, objects.Count);
        var secret = Assert.IsType<V1Secret>(objects[0]);
        Assert.Equal("scalelab-agent-ab12cd34-token", secret.Metadata.Name);
        Assert.Equal("load", secret.Metadata.NamespaceProperty);
        Assert.Equal("s3cret", Encoding.UTF8.GetString(secret.Data["token"]));
        var job = Assert.IsType<V1Job>(objects[1]);
        Assert.Equal("load", job.Metadata.NamespaceProperty);
        KubernetesAgentPoolTests.AssertAgentJob(JsonNode.Parse(KubernetesJson.Serialize(job))!, agents: 3, image: AgentImage.Default,
            deadline: 8 * 3600, secret: "scalelab-agent-ab12cd34-token", runId: "ab12cd34");
        Assert.Equal(1, manifest.Yaml.Split('\n').Count(line => line == "---"));
        Assert.Equal("app.kubernetes.io/name=scalelab-agent,scalelab/run-id=ab12cd34", manifest.LabelSelector);
        Assert.False(manifest.TokenGenerated);
    }

    [Fact]
    public void Create_NoTokenNoNamespace_GeneratesATokenAndLeavesTheNamespaceToKubectl()
    {
        var manifest = AgentManifest.Create(new AgentManifestOptions { Agents = 1 });

        var objects = KubernetesYaml.LoadAllFromString(manifest.Yaml);

        Assert.True(manifest.TokenGenerated);
        Assert.Matches("^[0-9a-f]{64}$", manifest.Token);
        Assert.Equal(manifest.Token, Encoding.UTF8.GetString(((V1Secret)objects[0]).Data["token"]));
        Assert.All(objects, o => Assert.Null(((IMetadata<V1ObjectMeta>)o).Metadata.NamespaceProperty));
        Assert.DoesNotContain("namespace:", manifest.Yaml, StringComparison.Ordinal);
        Assert.Matches("^scalelab-agent-[0-9a-f]{8}$", manifest.JobName);
    }

    [Fact]
    public void Create_TwoManifests_NamedApart()
    {
        var first = AgentManifest.Create(new AgentManifestOptions { Agents = 1, Token = "t" });
        var second = AgentManifest.Create(new AgentManifestOptions { Agents = 1, Token = "t" });

        Assert.NotEqual(first.JobName, second.JobName);
    }

    [Fact]
    public void DefaultImage_TaggedWithThisVersion()
    {
        Assert.Matches(@"^ghcr\.io/scalelab/scalelab-agent:\d+\.\d+\.\d+", AgentImage.Default);
        Assert.DoesNotContain("+", AgentImage.Default, StringComparison.Ordinal);
    }
}
