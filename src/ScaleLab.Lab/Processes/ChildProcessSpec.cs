namespace ScaleLab.Lab.Processes;

/// <summary>What to start: a program, its arguments, and the lab-wide marker every child carries.</summary>
/// <param name="Role">A short name for messages, e.g. "replica 2" or "redis-server".</param>
/// <param name="FileName">The program.</param>
/// <param name="Arguments">Its arguments, unquoted.</param>
/// <param name="RunId">The lab run this child belongs to: set as <see cref="LabProcessMarker.Variable"/> in its environment.</param>
internal sealed record ChildProcessSpec(string Role, string FileName, IReadOnlyList<string> Arguments, string RunId)
{
    /// <summary>Run as this (non-root) user; null: as we are.</summary>
    public string? User { get; init; }

    public string? WorkingDirectory { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}
