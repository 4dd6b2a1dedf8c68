using ScaleLab.Lab.Sharding;
using Xunit.Abstractions;

namespace ScaleLab.Lab.Tests.Sharding;

public sealed class ShardRingTests(ITestOutputHelper output)
{
    private const int Keys = 100_000;

    [Fact]
    public void ShardFor_100kKeysOver4Shards_MaxOverMinAtMost1Point1()
    {
        var ring = new ShardRing(4);
        var counts = new int[4];

        for (long key = 1; key <= Keys; key++)
        {
            counts[ring.ShardFor(key)]++;
        }

        var ratio = (double)counts.Max() / counts.Min();
        output.WriteLine($"keys per shard: {string.Join(", ", counts)}; max/min = {ratio:F3}");
        Assert.True(ratio <= 1.1, $"max/min = {ratio:F3} ({string.Join(", ", counts)})");
    }

    [Fact]
    public void ShardFor_AddingAFifthShard_MovesAtMostAFifthPlus2Percent()
    {
        var four = new ShardRing(4);
        var five = new ShardRing(5);

        var moved = 0;
        for (long key = 1; key <= Keys; key++)
        {
            var before = four.ShardFor(key);
            var after = five.ShardFor(key);
            if (before != after)
            {
                moved++;
                // Consistent hashing: a key only ever moves to the new shard, never between old ones.
                Assert.Equal(4, after);
            }
        }

        var fraction = (double)moved / Keys;
        output.WriteLine($"moved {moved} of {Keys} keys ({fraction:P2})");
        Assert.True(fraction <= 0.2 + 0.02, $"moved {fraction:P2} of the keys");
    }

    [Fact]
    public void ShardFor_TwoRingsOfTheSameSize_AgreeOnEveryKey()
    {
        var first = new ShardRing(3);
        var second = new ShardRing(3);

        for (long key = -1_000; key <= 10_000; key++)
        {
            Assert.Equal(first.ShardFor(key), second.ShardFor(key));
        }
    }

    [Fact]
    public void ShardFor_OneShard_AlwaysZero()
    {
        var ring = new ShardRing(1);

        Assert.All(Enumerable.Range(0, 1_000), key => Assert.Equal(0, ring.ShardFor(key)));
    }

    [Fact]
    public void Constructor_NoShards_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ShardRing(0));
    }
}
