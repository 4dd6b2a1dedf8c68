using ScaleLab.Lab.Processes;
using ScaleLab.Lab.Store;
using StackExchange.Redis;

namespace ScaleLab.Lab.Tests.Store;

/// <summary>Needs Debian's redis-server (/usr/bin/redis-server): test.sh installs it.</summary>
public sealed class RedisServerProcessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("scalelab-redis-test-").FullName;

    [Fact]
    public async Task RedisServer_Started_AnswersOnAFreePortAndStops()
    {
        Assert.True(RedisServerProcess.FindBinary() is not null, "redis-server is not installed: apt-get install redis-server (test.sh does it)");

        var store = await RedisServerProcess.StartAsync(_directory, "redis-test", CancellationToken.None);
        var pid = store.Pid!.Value;
        await using (var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{store.Port},abortConnect=true"))
        {
            var db = redis.GetDatabase();
            Assert.True(await db.StringSetAsync("k", "v"));
            Assert.Equal("v", (string?)await db.StringGetAsync("k"));
        }

        await store.DisposeAsync();

        Assert.False(PosixNative.IsAlive(pid));
        Assert.False(await LoopbackPort.IsListeningAsync(store.Port, CancellationToken.None));
    }

    [Theory]
    [InlineData("embedded", StoreKind.Embedded, null, 0)]
    [InlineData("redis", StoreKind.RedisServer, null, 0)]
    [InlineData("redis://10.1.2.3:6380", StoreKind.External, "10.1.2.3", 6380)]
    [InlineData("redis://cache", StoreKind.External, "cache", 6379)]
    public void StoreSpec_ValidText_Parses(string text, StoreKind kind, string? host, int port)
    {
        Assert.True(StoreSpec.TryParse(text, out var spec, out _));
        Assert.Equal(kind, spec.Kind);
        Assert.Equal(host, spec.Host);
        Assert.Equal(port, spec.Port);
    }

    [Theory]
    [InlineData("garnet")]
    [InlineData("http://127.0.0.1:6379")]
    [InlineData("redis://127.0.0.1:6379/2")]
    public void StoreSpec_OtherText_IsRejected(string text) =>
        Assert.False(StoreSpec.TryParse(text, out _, out _));

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
