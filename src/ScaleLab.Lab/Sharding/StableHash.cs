namespace ScaleLab.Lab.Sharding;

/// <summary>
/// A 64-bit hash that is the same in every process and on every run (unlike <see cref="HashCode"/>, which is seeded
/// per process): the ring, the seeder and every replica must agree on where a key lives.
/// </summary>
internal static class StableHash
{
    /// <summary>MurmurHash3's 64-bit finaliser: every input bit flips each output bit with probability about one half.</summary>
    public static ulong Mix(ulong value)
    {
        value ^= value >> 33;
        value *= 0xff51afd7ed558ccdUL;
        value ^= value >> 33;
        value *= 0xc4ceb9fe1a85ec53UL;
        value ^= value >> 33;
        return value;
    }

    /// <summary>Two values combined so that (a, b) and (b, a) hash apart.</summary>
    public static ulong Mix(ulong a, ulong b) => Mix(Mix(a) ^ (b + 0x9e3779b97f4a7c15UL + (a << 6) + (a >> 2)));

    /// <summary>A 32-bit seed for <see cref="Random"/> derived from a run's seed and an entity's id.</summary>
    public static int SeedFor(int seed, long id) => (int)Mix((ulong)(uint)seed, (ulong)id);
}
