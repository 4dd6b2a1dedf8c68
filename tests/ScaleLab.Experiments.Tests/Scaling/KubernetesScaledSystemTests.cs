using ScaleLab.Experiments.Scaling;

namespace ScaleLab.Experiments.Tests.Scaling;

public sealed class KubernetesScaledSystemTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("scalelab-kube-").FullName;
    private FakeKubernetesApi _api = null!;

    public async Task InitializeAsync() => _api = await FakeKubernetesApi.StartAsync();

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private KubernetesScaledSystemOptions Options(string deployment = "deployment/web", string? ns = null) => new()
    {
        Url = new Uri("http://127.0.0.1:9/"),
        Deployment = deployment,
        Namespace = ns,
        KubeconfigPath = _api.WriteKubeconfig(_folder),
        PollInterval = TimeSpan.FromMilliseconds(50),
        RolloutTimeout = TimeSpan.FromSeconds(20),
    };

    [Fact]
    public async Task ResizeAsync_TwoToFour_PatchesScaleAndWaitsForTheRollout()
    {
        await using var system = await KubernetesScaledSystem.ConnectAsync(Options(), CancellationToken.None);

        await system.ResizeAsync(new ScaleSize(4), CancellationToken.None);

        Assert.Equal(4, await system.ServingReplicasAsync(CancellationToken.None));
        Assert.Equal(4, _api.ReadyReplicas());
        var (contentType, body) = Assert.Single(_api.Patches);
        Assert.StartsWith("application/merge-patch+json", contentType, StringComparison.Ordinal);
        Assert.Equal("""{"spec":{"replicas":4}}""", body);
        Assert.Contains("PATCH /apis/apps/v1/namespaces/shop/deployments/web/scale", _api.Calls);
        Assert.Empty(system.Processes());
        Assert.Equal("deployment/web (shop)", system.Description);
    }

    [Fact]
    public async Task ResizeAsync_CpusAndMemory_PatchesTheContainersLimits()
    {
        await using var system = await KubernetesScaledSystem.ConnectAsync(Options(), CancellationToken.None);

        await system.ResizeAsync(new ScaleSize(2, Cpus: 2, MemoryMb: 512), CancellationToken.None);

        Assert.Equal("2", _api.Limits["cpu"]!.GetValue<string>());
        Assert.Equal("512Mi", _api.Limits["memory"]!.GetValue<string>());
        Assert.StartsWith("application/strategic-merge-patch+json", _api.Patches[0].ContentType, StringComparison.Ordinal);
        Assert.Contains("PATCH /apis/apps/v1/namespaces/shop/deployments/web", _api.Calls);
    }

    [Fact]
    public async Task DisposeAsync_AfterResizes_GivesTheDeploymentBackAsItWas()
    {
        var system = await KubernetesScaledSystem.ConnectAsync(Options(), CancellationToken.None);
        await system.ResizeAsync(new ScaleSize(3, Cpus: 1, MemoryMb: 256), CancellationToken.None);
        Assert.Equal(2, _api.Limits.Count);

        await system.DisposeAsync();

        Assert.Equal(2, _api.Replicas);
        Assert.Empty(_api.Limits);
        Assert.Contains("GET /apis/apps/v1/namespaces/shop/deployments/web/scale", _api.Calls);
    }

    [Fact]
    public async Task KillOneAsync_DeletesAPodOfTheSelector()
    {
        await using var system = await KubernetesScaledSystem.ConnectAsync(Options(), CancellationToken.None);

        var killed = await system.KillOneAsync(CancellationToken.None);
        var during = await system.ServingReplicasAsync(CancellationToken.None);

        Assert.Equal("pod/web-5d8f7-aaaaa", killed);
        Assert.Equal(1, during);
        Assert.Contains("GET /api/v1/namespaces/shop/pods?labelSelector=app%3Dweb&watch=false", _api.Calls);
        Assert.Contains("DELETE /api/v1/namespaces/shop/pods/web-5d8f7-aaaaa?gracePeriodSeconds=0", _api.Calls);
    }

    [Fact]
    public async Task ResizeAsync_NeverReady_TimesOutWithOneLine()
    {
        await using var slow = await FakeKubernetesApi.StartAsync(TimeSpan.FromMinutes(10));
        var options = Options() with { KubeconfigPath = slow.WriteKubeconfig(_folder), RolloutTimeout = TimeSpan.FromMilliseconds(500) };
        await using var system = await KubernetesScaledSystem.ConnectAsync(options, CancellationToken.None);

        var error = await Assert.ThrowsAsync<ScaleSetupException>(() => system.ResizeAsync(new ScaleSize(3), CancellationToken.None));

        Assert.Contains("did not roll out to 3 replicas", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("deployment/nope", null, "deployment/nope not found in namespace shop")]
    [InlineData("deployment/web", "other", "not found in namespace other")]
    [InlineData("service/web", null, "--kubernetes wants deployment/NAME")]
    public async Task ConnectAsync_WrongDeployment_OneLine(string deployment, string? ns, string expected)
    {
        var error = await Assert.ThrowsAsync<ScaleSetupException>(() => KubernetesScaledSystem.ConnectAsync(Options(deployment, ns), CancellationToken.None));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_Forbidden_NamesTheVerb()
    {
        _api.Forbid = true;

        var error = await Assert.ThrowsAsync<ScaleSetupException>(() => KubernetesScaledSystem.ConnectAsync(Options(), CancellationToken.None));

        Assert.Contains("forbidden to get deployments in namespace shop", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_ClusterDown_SaysItCannotReachIt()
    {
        var options = Options();
        await _api.DisposeAsync();

        var error = await Assert.ThrowsAsync<ScaleSetupException>(() => KubernetesScaledSystem.ConnectAsync(options, CancellationToken.None));

        Assert.Contains("cannot reach the cluster at http://127.0.0.1:", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task ConnectAsync_NoSuchContext_OneLine()
    {
        var options = Options() with { Context = "production" };

        var error = await Assert.ThrowsAsync<ScaleSetupException>(() => KubernetesScaledSystem.ConnectAsync(options, CancellationToken.None));

        Assert.Contains("context production", error.Message, StringComparison.Ordinal);
    }
}
