namespace ScaleLab.Lab.Balancer;

/// <summary>A replica as the balancer sees it: a stable id (<c>replica-3</c>) and its loopback address.</summary>
internal sealed record BalancerDestination(string Id, Uri Address);
