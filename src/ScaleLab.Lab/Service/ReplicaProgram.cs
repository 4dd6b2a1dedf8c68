namespace ScaleLab.Lab.Service;

/// <summary>
/// One replica as a whole process, for the command that runs it (<c>scalelab lab replica</c>): the contract on
/// <see cref="ReplicaOptions"/> (ready line, drain, parent watch, exit codes) holds for it.
/// </summary>
public static class ReplicaProgram
{
    /// <summary>
    /// Arms the parent-death signal when <see cref="ReplicaOptions.ParentPid"/> is set, then serves until
    /// <paramref name="stop"/> fires and drains. Returns the process's exit code: 0 after a drain, 1 when the replica
    /// cannot start (with one line on <paramref name="errors"/>).
    /// </summary>
    public static Task<int> RunAsync(ReplicaOptions options, TextWriter output, TextWriter errors, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ParentPid is not null)
        {
            // Before anything else: a supervisor killed while we start must not leave us behind. Only here, in a
            // process of its own: a test host running replicas in-process must not arm it on itself.
            ParentDeathSignal.Arm();
        }

        return ReplicaHost.RunAsync(options, output, errors, stop);
    }
}
