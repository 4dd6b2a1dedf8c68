namespace ScaleLab.Load.Requests;

/// <summary>
/// The seed of each client's <see cref="Random"/>, derived from the run's <c>--seed</c> and the client's index. It must
/// be the same in every process so that a seed repeats a run: <see cref="HashCode"/> is randomised per process, so it
/// cannot serve here.
/// </summary>
internal static class ClientSeed
{
    /// <summary>A seed that differs for every (run seed, client index) pair and is stable across processes.</summary>
    public static int For(int seed, int index) => (int)Mix(Mix((ulong)(uint)seed) ^ ((ulong)(uint)index + 0x9e3779b97f4a7c15UL));

    // MurmurHash3's 64-bit finaliser: neighbouring indices give unrelated seeds, so no two clients share a stream.
    private static ulong Mix(ulong value)
    {
        value ^= value >> 33;
        value *= 0xff51afd7ed558ccdUL;
        value ^= value >> 33;
        value *= 0xc4ceb9fe1a85ec53UL;
        value ^= value >> 33;
        return value;
    }
}
