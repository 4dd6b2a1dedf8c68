namespace ScaleLab.Load.Engine;

/// <summary>
/// The part of a run one of several generators sends. In the open model generator <see cref="Index"/> sends the
/// arrivals k of the whole schedule with k mod <see cref="Count"/> = <see cref="Index"/>: every generator computes the
/// same schedule (same rate, process and seed), so the union of their arrivals is exactly the asked arrival process,
/// Poisson included. The closed model's users are split by the coordinator instead.
/// </summary>
/// <param name="Index">This generator's place, from 0.</param>
/// <param name="Count">How many generators share the run.</param>
public sealed record LoadShare(int Index, int Count)
{
    /// <summary>True when arrival <paramref name="arrival"/> of the whole schedule is this generator's.</summary>
    public bool Owns(long arrival) => arrival % Count == Index;

    /// <summary>Returns a one-line reason the share is impossible, or null when it is fine.</summary>
    public string? Validate() => Count is < 1 or > 10_000 ? "a share's count must be between 1 and 10000"
        : Index < 0 || Index >= Count ? "a share's index must be from 0 to its count - 1"
        : null;
}
