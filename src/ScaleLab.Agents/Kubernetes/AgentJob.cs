using System.Globalization;
using System.Text;
using k8s.Models;

namespace ScaleLab.Agents.Kubernetes;

/// <summary>
/// The objects of one run's agents, as <see cref="KubernetesAgentPool"/> creates them and <see cref="AgentManifest"/>
/// prints them: a Secret with the shared token, and an Indexed Job of <see cref="Agents"/> pods running
/// <c>scalelab agent</c>, all labelled and named from the run id.
/// </summary>
/// <param name="RunId">Names the objects and selects their pods; lowercase letters and digits.</param>
/// <param name="Namespace">The namespace; null leaves it out (kubectl's <c>-n</c> or the context's).</param>
/// <param name="Agents">Pods, all running at once.</param>
/// <param name="Image">The agent image.</param>
/// <param name="Port">The agent's control port.</param>
/// <param name="Token">The shared token the agents require.</param>
/// <param name="Lifetime">The longest the Job may run (<c>activeDeadlineSeconds</c>).</param>
internal sealed record AgentJob(string RunId, string? Namespace, int Agents, string Image, int Port, string Token, TimeSpan Lifetime)
{
    public const string NameLabel = "app.kubernetes.io/name";
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";
    public const string RunIdLabel = "scalelab/run-id";
    public const string AppName = "scalelab-agent";
    public const string TokenKey = "token";
    public const string ContainerName = "agent";

    /// <summary>The controller sets it on every pod of an Indexed Job: the pod's index, 0 to N-1.</summary>
    public const string CompletionIndexAnnotation = "batch.kubernetes.io/job-completion-index";

    /// <summary>
    /// A finished Job (past its deadline, or a pod failed) is deleted this long after, with its pods, and the Secret
    /// it owns: a coordinator killed before its clean-up leaves nothing behind for long.
    /// </summary>
    public static readonly TimeSpan KeepFinished = TimeSpan.FromMinutes(5);

    public string JobName => $"{AppName}-{RunId}";

    public string SecretName => $"{JobName}-token";

    /// <summary>Selects this run's pods, and no other run's.</summary>
    public string LabelSelector => $"{NameLabel}={AppName},{RunIdLabel}={RunId}";

    public V1Secret Secret() => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = Metadata(SecretName),
        Type = "Opaque",
        Data = new Dictionary<string, byte[]> { [TokenKey] = Encoding.UTF8.GetBytes(Token) },
    };

    public V1Job Job() => new()
    {
        ApiVersion = "batch/v1",
        Kind = "Job",
        Metadata = Metadata(JobName),
        Spec = new V1JobSpec
        {
            // Indexed: each pod knows its index (JOB_COMPLETION_INDEX), and the coordinator orders agents by it.
            CompletionMode = "Indexed",
            Completions = Agents,
            Parallelism = Agents,
            // A failed agent is reported, not replaced: a new pod would join a run already split between the others.
            BackoffLimit = 0,
            ActiveDeadlineSeconds = (long)Math.Ceiling(Lifetime.TotalSeconds),
            TtlSecondsAfterFinished = (int)KeepFinished.TotalSeconds,
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = Labels() },
                Spec = Pod(),
            },
        },
    };

    private V1PodSpec Pod() => new()
    {
        RestartPolicy = "Never",
        // An agent needs no access to the API server.
        AutomountServiceAccountToken = false,
        TerminationGracePeriodSeconds = 5,
        SecurityContext = new V1PodSecurityContext
        {
            RunAsNonRoot = true,
            SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
        },
        Affinity = new V1Affinity
        {
            // Preferred, not required: agents spread over nodes when there are enough, and still run on fewer.
            PodAntiAffinity = new V1PodAntiAffinity
            {
                PreferredDuringSchedulingIgnoredDuringExecution =
                [
                    new V1WeightedPodAffinityTerm
                    {
                        Weight = 100,
                        PodAffinityTerm = new V1PodAffinityTerm
                        {
                            LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [RunIdLabel] = RunId } },
                            TopologyKey = "kubernetes.io/hostname",
                        },
                    },
                ],
            },
        },
        Containers =
        [
            new V1Container
            {
                Name = ContainerName,
                Image = Image,
                Command = ["scalelab", "agent"],
                Args = ["--listen", string.Create(CultureInfo.InvariantCulture, $"0.0.0.0:{Port}")],
                Ports = [new V1ContainerPort { Name = "control", ContainerPort = Port, Protocol = "TCP" }],
                Env =
                [
                    new V1EnvVar
                    {
                        Name = AgentDefaults.TokenVariable,
                        ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = SecretName, Key = TokenKey } },
                    },
                ],
                ReadinessProbe = new V1Probe
                {
                    TcpSocket = new V1TCPSocketAction { Port = Port },
                    PeriodSeconds = 2,
                    FailureThreshold = 3,
                },
                // A whole core requested: a generator sharing its core measures its own queueing as the target's
                // latency. No CPU limit, for the same reason (CFS throttling stalls a loaded generator for whole
                // periods); a memory limit, so that a runaway agent is killed rather than its node starved.
                Resources = new V1ResourceRequirements
                {
                    Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1"), ["memory"] = new("256Mi") },
                    Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("1Gi") },
                },
                SecurityContext = new V1SecurityContext
                {
                    AllowPrivilegeEscalation = false,
                    Capabilities = new V1Capabilities { Drop = ["ALL"] },
                },
            },
        ],
    };

    private V1ObjectMeta Metadata(string name) => new()
    {
        Name = name,
        NamespaceProperty = Namespace,
        Labels = Labels(),
    };

    private Dictionary<string, string> Labels() => new()
    {
        [NameLabel] = AppName,
        [ManagedByLabel] = "scalelab",
        [RunIdLabel] = RunId,
    };
}
