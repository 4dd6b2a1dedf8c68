using ScaleLab.Load.Requests;

namespace ScaleLab.Load.Tests.Requests;

public sealed class ClientSeedTests
{
    // Pinned: these values must be the same in every process and every release, or --seed no longer repeats a run.
    [Theory]
    [InlineData(1, 0, 902656679)]
    [InlineData(1, 1, -864875385)]
    [InlineData(2, 0, 1773292767)]
    public void For_SeedAndIndex_IsThePinnedValue(int seed, int index, int expected)
    {
        Assert.Equal(expected, ClientSeed.For(seed, index));
    }

    [Fact]
    public void For_ManyClients_GivesDistinctSeeds()
    {
        var seeds = Enumerable.Range(0, 10_000).Select(i => ClientSeed.For(1, i)).ToHashSet();

        Assert.Equal(10_000, seeds.Count);
    }
}
