using System.Globalization;
using ScaleLab.Experiments.Scaling;
using ScaleLab.Lab.Audit;
using ScaleLab.Lab.Data;
using ScaleLab.Lab.Supervisor;
using ScaleLab.Experiments.Tests.Support;

namespace ScaleLab.Experiments.Tests.Scaling;

/// <summary>
/// The real lab (<c>scalelab lab up</c> in a child process, small data) seen as a scaled system, enough for a fault
/// trial: its supervisor kills and restarts replicas, and its shards answer the order audit.
/// </summary>
internal sealed class LabUnderTest(ChildLab lab) : IScaledSystem
{
    public string Description => "lab baseline";

    public Uri Endpoint => lab.EntryUrl;

    public static async Task<LabUnderTest> StartAsync(int replicas)
    {
        var command = ScalelabCli.Command(
            "lab", "up", "--port", "0", "--replicas", replicas.ToString(CultureInfo.InvariantCulture),
            "--users", "200", "--posts-per-user", "5", "--products", "50");
        return new LabUnderTest(await ChildLab.StartAsync(command, TimeSpan.FromSeconds(90), CancellationToken.None));
    }

    /// <summary>The lab's own audit: acknowledged keys against the orders its shards hold.</summary>
    public async Task<AuditReport> AuditAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var status = await lab.StatusAsync(cancellationToken);
        await using var shards = ShardSet.Open(status.Database, status.Shards);
        return await OrderAudit.CheckAsync(shards, keys, cancellationToken);
    }

    public Task ResizeAsync(ScaleSize size, CancellationToken cancellationToken) => lab.ScaleAsync(size.Replicas, cancellationToken);

    public IReadOnlyList<ScaledProcess> Processes() => [];

    public async Task<string?> KillOneAsync(CancellationToken cancellationToken)
    {
        var status = await lab.StatusAsync(cancellationToken);
        var victim = status.Components.LastOrDefault(c => c.Role == "replica" && c.State == "ready");
        return victim is not null && await lab.KillReplicaAsync(int.Parse(victim.Name.Split(' ')[^1], CultureInfo.InvariantCulture), cancellationToken)
            ? victim.Name
            : null;
    }

    public async Task<int> ServingReplicasAsync(CancellationToken cancellationToken) =>
        (await lab.StatusAsync(cancellationToken)).Components.Count(c => c.Role == "replica" && c.State == "ready");

    public ValueTask DisposeAsync() => lab.DisposeAsync();
}
