using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using ScaleLab.Tests.Support;

namespace ScaleLab.Experiments.Tests.Scaling;

/// <summary>
/// The few Kubernetes API calls <see cref="Experiments.Scaling.KubernetesScaledSystem"/> makes, answered on
/// 127.0.0.1:0 with bodies shaped as the API reference shows them (Scale of autoscaling/v1, Deployment of apps/v1,
/// PodList and Pod of v1, Status for errors). A resize rolls out after <see cref="RolloutDelay"/>: until then the
/// status still shows the old generation, as a real controller's does; a deleted pod is replaced after the same delay.
/// </summary>
internal sealed class FakeKubernetesApi : IAsyncDisposable
{
    public const string Token = "test-token";
    public const string Namespace = "shop";
    public const string Name = "web";

    private readonly Lock _lock = new();
    private readonly List<string> _pods = ["web-5d8f7-aaaaa", "web-5d8f7-bbbbb"];
    private KestrelTarget? _server;
    private int _replicas = 2;
    private long _generation = 1;
    private long _observed = 1;
    private DateTime _settlesAt = DateTime.MinValue;
    private int _podCounter;

    public TimeSpan RolloutDelay { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Set to refuse every call with 403, as RBAC would.</summary>
    public bool Forbid { get; set; }

    /// <summary>Every call as "METHOD /path?query".</summary>
    public List<string> Calls { get; } = [];

    /// <summary>The bodies of PATCH calls, with their content type.</summary>
    public List<(string ContentType, string Body)> Patches { get; } = [];

    public JsonObject Limits { get; } = [];

    public Uri Uri => _server!.Uri;

    public static async Task<FakeKubernetesApi> StartAsync(TimeSpan? rolloutDelay = null)
    {
        var api = new FakeKubernetesApi { RolloutDelay = rolloutDelay ?? TimeSpan.FromMilliseconds(300) };
        api._server = await KestrelTarget.StartAsync(app =>
        {
            var deployment = $"/apis/apps/v1/namespaces/{{ns}}/deployments/{{name}}";
            app.MapGet(deployment + "/scale", (HttpContext c, string ns, string name) => api.Answer(c, ns, name, () => api.Scale()));
            app.MapMethods(deployment + "/scale", ["PATCH"], async (HttpContext c, string ns, string name) =>
                await api.AnswerPatchAsync(c, ns, name, patch => api.SetReplicas(patch["spec"]!["replicas"]!.GetValue<int>()), () => api.Scale()));
            app.MapGet(deployment, (HttpContext c, string ns, string name) => api.Answer(c, ns, name, () => api.Deployment()));
            app.MapMethods(deployment, ["PATCH"], async (HttpContext c, string ns, string name) =>
                await api.AnswerPatchAsync(c, ns, name, api.SetTemplate, () => api.Deployment()));
            app.MapGet("/api/v1/namespaces/{ns}/pods", (HttpContext c, string ns) => api.Answer(c, ns, Name, () => api.PodList(c.Request.Query["labelSelector"])));
            app.MapDelete("/api/v1/namespaces/{ns}/pods/{pod}", (HttpContext c, string ns, string pod) => api.Answer(c, ns, Name, () => api.DeletePod(pod)));
        });
        return api;
    }

    /// <summary>A kubeconfig for this server (<see cref="FakeKubeconfig"/>), its context in <see cref="Namespace"/>.</summary>
    public string WriteKubeconfig(string directory) => FakeKubeconfig.Write(directory, Uri, Token, Namespace);

    /// <summary>The replica count asked for (spec.replicas).</summary>
    public int Replicas
    {
        get
        {
            lock (_lock)
            {
                return _replicas;
            }
        }
    }

    public int ReadyReplicas()
    {
        lock (_lock)
        {
            return Settled() ? _pods.Count : Math.Min(_pods.Count, _replicas);
        }
    }

    public ValueTask DisposeAsync() => _server?.DisposeAsync() ?? ValueTask.CompletedTask;

    private bool Settled() => DateTime.UtcNow >= _settlesAt;

    private IResult Answer(HttpContext context, string ns, string name, Func<object?> body)
    {
        lock (_lock)
        {
            Calls.Add($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            if (context.Request.Headers.Authorization != $"Bearer {Token}")
            {
                return Failure(401, "Unauthorized", "Unauthorized");
            }

            if (Forbid)
            {
                return Failure(403, "Forbidden", $"deployments.apps \"{name}\" is forbidden: User \"tester\" cannot get resource \"deployments\" in API group \"apps\" in the namespace \"{ns}\"");
            }

            if (ns != Namespace || name != Name)
            {
                return Failure(404, "NotFound", $"deployments.apps \"{name}\" not found");
            }

            Catch();
            var result = body();
            return result is null ? Failure(404, "NotFound", "pods not found") : Results.Json(result);
        }
    }

    private async Task<IResult> AnswerPatchAsync(HttpContext context, string ns, string name, Action<JsonNode> apply, Func<object> body)
    {
        var text = await new StreamReader(context.Request.Body).ReadToEndAsync();
        lock (_lock)
        {
            Patches.Add((context.Request.ContentType ?? "", text));
            if (context.Request.Headers.Authorization == $"Bearer {Token}" && !Forbid && ns == Namespace && name == Name)
            {
                apply(JsonNode.Parse(text)!);
            }
        }

        return Answer(context, ns, name, body);
    }

    /// <summary>Once the delay has passed, the controller has caught up: generation observed, pods replaced up to the count.</summary>
    private void Catch()
    {
        if (!Settled())
        {
            return;
        }

        _observed = _generation;
        while (_pods.Count < _replicas)
        {
            _pods.Add(string.Create(CultureInfo.InvariantCulture, $"web-5d8f7-new{++_podCounter:00}"));
        }

        while (_pods.Count > _replicas)
        {
            _pods.RemoveAt(_pods.Count - 1);
        }
    }

    private void SetReplicas(int replicas)
    {
        _replicas = replicas;
        _generation++;
        _settlesAt = DateTime.UtcNow + RolloutDelay;
    }

    private void SetTemplate(JsonNode patch)
    {
        var container = patch["spec"]!["template"]!["spec"]!["containers"]![0]!;
        if (container["name"]!.GetValue<string>() == "app")
        {
            // Strategic merge: a null removes the limit.
            foreach (var (key, value) in container["resources"]!["limits"]!.AsObject())
            {
                if (value is null)
                {
                    Limits.Remove(key);
                }
                else
                {
                    Limits[key] = value.DeepClone();
                }
            }
        }

        _generation++;
        _settlesAt = DateTime.UtcNow + RolloutDelay;
    }

    private object Scale() => new
    {
        kind = "Scale",
        apiVersion = "autoscaling/v1",
        metadata = new { name = Name, @namespace = Namespace, resourceVersion = _generation.ToString(CultureInfo.InvariantCulture) },
        spec = new { replicas = _replicas },
        status = new { replicas = _pods.Count, selector = "app=web" },
    };

    private object Deployment()
    {
        var settled = Settled();
        var ready = settled ? _pods.Count : Math.Min(_pods.Count, _replicas);
        return new
        {
            kind = "Deployment",
            apiVersion = "apps/v1",
            metadata = new { name = Name, @namespace = Namespace, generation = _generation, labels = new { app = "web" } },
            spec = new
            {
                replicas = _replicas,
                selector = new { matchLabels = new { app = "web" } },
                template = new
                {
                    metadata = new { labels = new { app = "web" } },
                    spec = new { containers = new object[] { new { name = "app", image = "example/web:1", resources = new { limits = Limits } } } },
                },
            },
            status = new
            {
                observedGeneration = _observed,
                replicas = _pods.Count,
                updatedReplicas = settled ? _pods.Count : 0,
                readyReplicas = ready,
                availableReplicas = ready,
            },
        };
    }

    private object? PodList(string? selector) => selector == "app=web"
        ? new { kind = "PodList", apiVersion = "v1", metadata = new { resourceVersion = "1" }, items = _pods.Select(Pod).ToArray() }
        : new { kind = "PodList", apiVersion = "v1", metadata = new { resourceVersion = "1" }, items = Array.Empty<object>() };

    private object? DeletePod(string pod)
    {
        if (!_pods.Remove(pod))
        {
            return null;
        }

        // The ReplicaSet notices and starts another after the delay.
        _settlesAt = DateTime.UtcNow + RolloutDelay;
        return Pod(pod);
    }

    private static object Pod(string name) => new
    {
        kind = "Pod",
        apiVersion = "v1",
        metadata = new { name, @namespace = Namespace, labels = new { app = "web" } },
        status = new { phase = "Running" },
    };

    private static IResult Failure(int code, string reason, string message) => Results.Json(
        new { kind = "Status", apiVersion = "v1", metadata = new { }, status = "Failure", message, reason, code },
        statusCode: code);
}
