using System.CommandLine;

namespace ScaleLab.Cli.Commands;

/// <summary><c>scalelab lab up / status / scale N / down / audit</c>: the article's system, on this machine.</summary>
internal static class LabCommand
{
    public static Command Create() => new("lab", "The reference system: a balancer, stateless replicas, a Redis-protocol store, sharded data; one pitfall at a time")
    {
        LabUpCommand.Create(),
        LabStatusCommand.Create(),
        LabScaleCommand.Create(),
        LabDownCommand.Create(),
        LabAuditCommand.Create(),
        ReplicaCommand.Create(),
        LabBalancerCommand.Create(),
        LabStoreCommand.Create(),
    };
}
