namespace ScaleLab.Experiments.Scaling;

/// <summary>A process of the system under test to watch during a step (its CPU and memory, read from /proc).</summary>
/// <param name="Name">The tier's name in results: <c>balancer</c>, <c>replica-1</c>, <c>store</c>, <c>db-0</c>.</param>
/// <param name="Role"><c>balancer</c>, <c>replica</c>, <c>store</c> or <c>database</c>.</param>
/// <param name="Pid">Its process id on this machine.</param>
/// <param name="Cores">The cores it may use (its affinity or limit); null for all of the machine's.</param>
/// <param name="WithDescendants">
/// Whether the processes it forks belong to the tier too, those forked while a step is measured included (a
/// PostgreSQL server's backends, one per connection its clients' pools open).
/// </param>
public sealed record ScaledProcess(string Name, string Role, int Pid, double? Cores = null, bool WithDescendants = false);
