namespace ScaleLab.Lab.Supervisor;

/// <summary>One running part of the lab, as <c>lab up</c> and <c>lab status</c> list it.</summary>
/// <param name="Role">supervisor, balancer, replica, store or database.</param>
/// <param name="Name">Which one: "yarp round-robin", "replica 2", "garnet (embedded)", "postgres shard 1".</param>
/// <param name="Port">Its loopback port (0 when it has none).</param>
/// <param name="Pid">Its process (the supervisor's own for in-process parts); null when the lab does not run it.</param>
/// <param name="Url">Where it answers: an http:// or redis:// URL, a file or a connection string.</param>
/// <param name="State">running, ready, starting, draining or restarting.</param>
public sealed record LabComponent(string Role, string Name, int Port, int? Pid, string Url, string State)
{
    /// <summary>How many times a replica was restarted after a crash.</summary>
    public int Restarts { get; init; }
}
