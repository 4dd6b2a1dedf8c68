namespace ScaleLab.Lab.Supervisor;

/// <summary>Which program balances (<c>--balancer</c>).</summary>
public enum BalancerKind
{
    /// <summary>YARP inside the supervisor's process, configured from code: the default.</summary>
    Yarp,

    /// <summary>Debian's HAProxy as a child process, reconfigured live through its runtime API.</summary>
    Haproxy,
}
