using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ScaleLab.Agents.Tests.Kubernetes;

/// <summary>
/// The Kubernetes API calls <see cref="Agents.Kubernetes.KubernetesAgentPool"/> makes, answered on 127.0.0.1:0 with
/// bodies shaped as the API reference shows them: create, patch and delete a v1 Secret; create and delete a batch/v1
/// Job; list v1 Pods by label selector; a v1 Status for deletions and errors. A created Job gets its pods at once, as
/// the Job controller would make them, Pending until <see cref="ReadyAfterPolls"/> lists have been answered, then
/// Running and Ready with a pod IP.
/// </summary>
internal sealed class FakeKubernetesApi : IAsyncDisposable
{
    public const string Token = "test-token";
    public const string Namespace = "agents";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, JsonObject> _secrets = [];
    private readonly Dictionary<string, JsonObject> _jobs = [];
    private readonly List<JsonObject> _pods = [];
    private KestrelTarget? _server;
    private int _polls;
    private int _uids;

    /// <summary>Pods turn Ready once this many pod lists have been answered (never when null).</summary>
    public int? ReadyAfterPolls { get; init; } = 2;

    /// <summary>The pod of this index waits in ImagePullBackOff once <see cref="FailAfterPolls"/> lists have been answered.</summary>
    public int? FailIndex { get; init; }

    public int FailAfterPolls { get; init; } = 1;

    /// <summary>The IP the pod of an index gets (10.244.INDEX.5 unless told).</summary>
    public Func<int, string> PodIp { get; init; } = index => string.Create(CultureInfo.InvariantCulture, $"10.244.{index}.5");

    /// <summary>Refuse this "verb resource" (such as "create jobs") with 403, as RBAC would.</summary>
    public string? Forbid { get; init; }

    /// <summary>Every call as "METHOD /path?query".</summary>
    public List<string> Calls { get; } = [];

    /// <summary>The bodies of the Secrets and Jobs created, and of the patches, as sent.</summary>
    public List<JsonObject> CreatedSecrets { get; } = [];

    public List<JsonObject> CreatedJobs { get; } = [];

    public List<(string ContentType, JsonObject Body)> Patches { get; } = [];

    /// <summary>Objects still there (a Secret or a Job by name, and pods).</summary>
    public int Remaining
    {
        get
        {
            lock (_lock)
            {
                return _secrets.Count + _jobs.Count + _pods.Count;
            }
        }
    }

    public int Polls
    {
        get
        {
            lock (_lock)
            {
                return _polls;
            }
        }
    }

    public Uri Uri => _server!.Uri;

    public static async Task<FakeKubernetesApi> StartAsync(FakeKubernetesApi api)
    {
        api._server = await KestrelTarget.StartAsync(app =>
        {
            app.MapPost("/api/v1/namespaces/{ns}/secrets", (HttpContext c, string ns) => api.CreateAsync(c, ns, "create secrets", api._secrets, api.CreatedSecrets, null));
            app.MapMethods("/api/v1/namespaces/{ns}/secrets/{name}", ["PATCH"], (HttpContext c, string ns, string name) => api.PatchSecretAsync(c, ns, name));
            app.MapDelete("/api/v1/namespaces/{ns}/secrets/{name}", (HttpContext c, string ns, string name) => api.Delete(c, ns, name, "delete secrets", api._secrets, "secrets"));
            app.MapPost("/apis/batch/v1/namespaces/{ns}/jobs", (HttpContext c, string ns) => api.CreateAsync(c, ns, "create jobs", api._jobs, api.CreatedJobs, api.MakePods));
            app.MapDelete("/apis/batch/v1/namespaces/{ns}/jobs/{name}", (HttpContext c, string ns, string name) => api.Delete(c, ns, name, "delete jobs", api._jobs, "jobs"));
            app.MapGet("/api/v1/namespaces/{ns}/pods", (HttpContext c, string ns) => api.ListPods(c, ns));
        });
        return api;
    }

    /// <summary>A kubeconfig for this server (<see cref="FakeKubeconfig"/>), its context in <see cref="Namespace"/>.</summary>
    public string WriteKubeconfig(string directory) => FakeKubeconfig.Write(directory, Uri, Token, Namespace);

    public ValueTask DisposeAsync() => _server?.DisposeAsync() ?? ValueTask.CompletedTask;

    private async Task<IResult> CreateAsync(HttpContext context, string ns, string call, Dictionary<string, JsonObject> store, List<JsonObject> created, Action<JsonObject>? then)
    {
        var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        lock (_lock)
        {
            if (Refuse(context, ns, call) is { } refused)
            {
                return refused;
            }

            created.Add(body);
            var name = body["metadata"]!["name"]!.GetValue<string>();
            if (store.ContainsKey(name))
            {
                return Failure(409, "AlreadyExists", $"\"{name}\" already exists");
            }

            var stored = body.DeepClone().AsObject();
            stored["metadata"]!["uid"] = string.Create(CultureInfo.InvariantCulture, $"uid-{++_uids}");
            stored["metadata"]!["namespace"] = ns;
            store[name] = stored;
            then?.Invoke(stored);
            return Results.Json(stored, statusCode: 201);
        }
    }

    private async Task<IResult> PatchSecretAsync(HttpContext context, string ns, string name)
    {
        var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        lock (_lock)
        {
            if (Refuse(context, ns, "patch secrets") is { } refused)
            {
                return refused;
            }

            Patches.Add((context.Request.ContentType ?? "", body));
            if (!_secrets.TryGetValue(name, out var secret))
            {
                return Failure(404, "NotFound", $"secrets \"{name}\" not found");
            }

            secret["metadata"]!["ownerReferences"] = body["metadata"]?["ownerReferences"]?.DeepClone();
            return Results.Json(secret);
        }
    }

    private IResult Delete(HttpContext context, string ns, string name, string call, Dictionary<string, JsonObject> store, string kind)
    {
        lock (_lock)
        {
            if (Refuse(context, ns, call) is { } refused)
            {
                return refused;
            }

            if (!store.Remove(name))
            {
                return Failure(404, "NotFound", $"{kind} \"{name}\" not found");
            }

            // Background propagation: the garbage collector deletes the Job's pods after the Job is gone.
            if (kind == "jobs" && context.Request.Query["propagationPolicy"] == "Background")
            {
                _pods.RemoveAll(p => p["metadata"]!["labels"]!["job-name"]!.GetValue<string>() == name);
            }

            return Results.Json(new
            {
                kind = "Status",
                apiVersion = "v1",
                metadata = new { },
                status = "Success",
                details = new { name, kind, uid = "uid" },
            });
        }
    }

    private IResult ListPods(HttpContext context, string ns)
    {
        lock (_lock)
        {
            if (Refuse(context, ns, "list pods") is { } refused)
            {
                return refused;
            }

            _polls++;
            var wanted = (context.Request.Query["labelSelector"].ToString() ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(term => term.Split('=', 2))
                .ToArray();
            var items = new JsonArray();
            foreach (var pod in _pods.Where(p => wanted.All(w => p["metadata"]!["labels"]![w[0]]?.GetValue<string>() == w[1])))
            {
                items.Add(Advance(pod).DeepClone());
            }

            return Results.Json(new JsonObject
            {
                ["kind"] = "PodList",
                ["apiVersion"] = "v1",
                ["metadata"] = new JsonObject { ["resourceVersion"] = "1" },
                ["items"] = items,
            });
        }
    }

    /// <summary>As the Job controller: one pod per index, labelled from the template plus job-name, its index annotated.</summary>
    private void MakePods(JsonObject job)
    {
        var name = job["metadata"]!["name"]!.GetValue<string>();
        var completions = job["spec"]!["completions"]!.GetValue<int>();
        for (var index = 0; index < completions; index++)
        {
            var labels = job["spec"]!["template"]!["metadata"]!["labels"]!.DeepClone().AsObject();
            labels["job-name"] = name;
            labels["batch.kubernetes.io/job-completion-index"] = index.ToString(CultureInfo.InvariantCulture);
            _pods.Add(new JsonObject
            {
                ["kind"] = "Pod",
                ["apiVersion"] = "v1",
                ["metadata"] = new JsonObject
                {
                    // Created in reverse order: the addresses must come out by index, not by listing order.
                    ["name"] = string.Create(CultureInfo.InvariantCulture, $"{name}-{index}-x{completions - index}"),
                    ["namespace"] = Namespace,
                    ["labels"] = labels,
                    ["annotations"] = new JsonObject { ["batch.kubernetes.io/job-completion-index"] = index.ToString(CultureInfo.InvariantCulture) },
                },
                ["spec"] = job["spec"]!["template"]!["spec"]!.DeepClone(),
                ["status"] = new JsonObject
                {
                    ["phase"] = "Pending",
                    ["conditions"] = new JsonArray(new JsonObject { ["type"] = "PodScheduled", ["status"] = "True" }),
                    ["containerStatuses"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "agent",
                        ["ready"] = false,
                        ["restartCount"] = 0,
                        ["image"] = job["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.DeepClone(),
                        ["imageID"] = "",
                        ["state"] = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "ContainerCreating" } },
                    }),
                },
            });
        }

        _pods.Reverse();
    }

    /// <summary>The pod as the kubelet would have brought it by now.</summary>
    private JsonObject Advance(JsonObject pod)
    {
        var index = int.Parse(pod["metadata"]!["annotations"]!["batch.kubernetes.io/job-completion-index"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var status = pod["status"]!.AsObject();
        var container = status["containerStatuses"]![0]!.AsObject();
        if (FailIndex == index && _polls > FailAfterPolls)
        {
            var image = container["image"]!.GetValue<string>();
            container["state"] = new JsonObject
            {
                ["waiting"] = new JsonObject { ["reason"] = "ImagePullBackOff", ["message"] = $"Back-off pulling image \"{image}\"" },
            };
        }
        else if (ReadyAfterPolls is { } after && _polls > after)
        {
            status["phase"] = "Running";
            status["podIP"] = PodIp(index);
            status["conditions"] = new JsonArray(
                new JsonObject { ["type"] = "PodScheduled", ["status"] = "True" },
                new JsonObject { ["type"] = "Ready", ["status"] = "True" });
            container["ready"] = true;
            container["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = "2026-11-29T22:00:00Z" } };
        }

        return pod;
    }

    private IResult? Refuse(HttpContext context, string ns, string call)
    {
        Calls.Add($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
        if (context.Request.Headers.Authorization != $"Bearer {Token}")
        {
            return Failure(401, "Unauthorized", "Unauthorized");
        }

        if (Forbid == call)
        {
            var (verb, resource) = (call.Split(' ')[0], call.Split(' ')[1]);
            return Failure(403, "Forbidden", $"{resource} is forbidden: User \"tester\" cannot {verb} resource \"{resource}\" in the namespace \"{ns}\"");
        }

        return ns == Namespace ? null : Failure(404, "NotFound", $"namespaces \"{ns}\" not found");
    }

    private static IResult Failure(int code, string reason, string message) => Results.Json(
        new { kind = "Status", apiVersion = "v1", metadata = new { }, status = "Failure", message, reason, code },
        statusCode: code);
}
