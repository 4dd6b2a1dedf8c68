namespace ScaleLab.Experiments.Scaling;

/// <summary>How <see cref="LabScaledSystem"/> starts the lab: the caller's commands (only it knows its command line) and the lab's options.</summary>
public sealed record LabScaledSystemOptions
{
    /// <summary>The scenario (<c>--lab SCENARIO</c>).</summary>
    public required string Scenario { get; init; }

    /// <summary>The command that runs <c>lab up</c>, the program first; the lab's options are appended.</summary>
    public required IReadOnlyList<string> LabUpCommand { get; init; }

    /// <summary>The command that runs the lab's store alone (<c>lab store</c>), the program first.</summary>
    public required IReadOnlyList<string> StoreCommand { get; init; }

    /// <summary>
    /// The lab's other options as <c>lab up</c> takes them (<c>--balancer haproxy</c>, <c>--db postgres</c>,
    /// <c>--workers 8</c>, …). With <c>--store</c> among them, that store is used instead of one started apart.
    /// </summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>How long the lab (seeding included) and the store may take to start.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromMinutes(2);
}
