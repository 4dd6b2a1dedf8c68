using ScaleLab.Lab.Store;
using StackExchange.Redis;

namespace ScaleLab.Lab.Tests.Store;

public sealed class EmbeddedStoreTests
{
    [Fact]
    public async Task EmbeddedStore_Started_AnswersPingSetGet()
    {
        await using var store = EmbeddedStore.Start();
        await using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{store.Port},abortConnect=true");
        var db = redis.GetDatabase();

        await db.PingAsync();
        Assert.True(await db.StringSetAsync("greeting", "hello"));
        Assert.Equal("hello", (string?)await db.StringGetAsync("greeting"));
        Assert.Equal(Environment.ProcessId, store.Pid);
        Assert.StartsWith("redis://127.0.0.1:", store.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmbeddedStore_LuaScript_Runs()
    {
        // The global-lock scenario may release its lock with a script, as on redis-server.
        await using var store = EmbeddedStore.Start();
        await using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{store.Port},abortConnect=true");

        var result = await redis.GetDatabase().ScriptEvaluateAsync("return 41 + 1");

        Assert.Equal(42, (int)result);
    }
}
