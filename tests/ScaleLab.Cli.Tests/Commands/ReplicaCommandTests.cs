using System.CommandLine;
using ScaleLab.Cli.Commands;
using ScaleLab.Cli.Tests.Support;
using ScaleLab.Lab.Data;
using ScaleLab.Lab.Scenarios;
using ScaleLab.Lab.Service;

namespace ScaleLab.Cli.Tests.Commands;

[Collection(ConsoleCollection.Name)]
public sealed class ReplicaCommandTests
{
    private static readonly ReplicaOptions Full = new()
    {
        Port = 5123,
        ReplicaId = 3,
        Scenario = "hot-row",
        Store = "redis://127.0.0.1:6390",
        Database = LabDatabaseKind.Postgres,
        Shards = ["Host=127.0.0.1;Port=5433;Username=lab;Database=shard0", "Host=127.0.0.1;Port=5434;Username=lab;Database=shard1"],
        Workers = 6,
        CpuMs = 0.25,
        IoMs = 12.5,
        Seed = 99,
        ParentPid = 4321,
    };

    [Fact]
    public void ToArguments_AfterTheLaunchersCommandPath_ParsedByTheLabCommand_GivesBackEveryOption()
    {
        var path = LabCommandLine.Replica().Command.TakeLast(2).ToArray();

        var parse = new RootCommand { LabCommand.Create() }.Parse([.. path, .. Full.ToArguments()]);

        Assert.Empty(parse.Errors);
        Assert.Equal(["lab", "replica"], path);
        Assert.Equal(5123, parse.GetValue<int>("--port"));
        Assert.Equal(3, parse.GetValue<int>("--replica-id"));
        Assert.Equal("hot-row", parse.GetValue<string>("--scenario"));
        Assert.Equal("redis://127.0.0.1:6390", parse.GetValue<string>("--store"));
        Assert.Equal("postgres", parse.GetValue<string>("--db"));
        Assert.Equal(Full.Shards, parse.GetValue<string[]>("--shard"));
        Assert.Equal(6, parse.GetValue<int>("--workers"));
        Assert.Equal(0.25, parse.GetValue<double>("--cpu-ms"));
        Assert.Equal(12.5, parse.GetValue<double>("--io-ms"));
        Assert.Equal(99, parse.GetValue<int>("--seed"));
        Assert.Equal(4321, parse.GetValue<int?>("--parent-pid"));
    }

    [Fact]
    public void Parse_OnlyStoreAndShard_TakesTheDefaults()
    {
        var parse = ReplicaCommand.Create().Parse(["--store", "redis://127.0.0.1:6379", "--shard", "a.db"]);

        Assert.Empty(parse.Errors);
        Assert.Equal(0, parse.GetValue<int>("--port"));
        Assert.Equal("baseline", parse.GetValue<string>("--scenario"));
        Assert.Equal("sqlite", parse.GetValue<string>("--db"));
        Assert.Equal(ReplicaOptions.DefaultWorkers, parse.GetValue<int>("--workers"));
        Assert.Equal(ReplicaOptions.DefaultCpuMs, parse.GetValue<double>("--cpu-ms"));
        Assert.Equal(ReplicaOptions.DefaultIoMs, parse.GetValue<double>("--io-ms"));
        Assert.Null(parse.GetValue<int?>("--parent-pid"));
    }

    [Theory]
    [InlineData("--scenario", "slow-for-fun")]
    [InlineData("--db", "mysql")]
    public void Parse_UnknownChoice_IsAParseError(string option, string value)
    {
        var parse = ReplicaCommand.Create().Parse(["--store", "redis://127.0.0.1:6379", "--shard", "a.db", option, value]);

        Assert.NotEmpty(parse.Errors);
    }

    [Fact]
    public void Parse_NoShard_IsAParseError()
    {
        var parse = ReplicaCommand.Create().Parse(["--store", "redis://127.0.0.1:6379"]);

        Assert.NotEmpty(parse.Errors);
    }

    [Theory]
    [InlineData("redis://127.0.0.1:6379", "--workers", "0")]
    [InlineData("http://127.0.0.1:6379", "--workers", "1")]
    [InlineData("redis://127.0.0.1:6379", "--replica-id", "300")]
    [InlineData("redis://127.0.0.1:6379", "--cpu-ms", "-1")]
    public async Task Invoke_InvalidValue_ExitsTwo(string store, string option, string value)
    {
        var parse = ReplicaCommand.Create().Parse(["--store", store, "--shard", "a.db", option, value]);

        var exit = await parse.InvokeAsync();

        Assert.Equal(2, exit);
    }

    [Fact]
    public void Names_EveryScenarioOfTheProductTable_InOrder()
    {
        Assert.Equal(
            ["baseline", "n-plus-one", "missing-index", "in-memory-sessions", "global-lock", "hot-row", "broadcast-invalidation", "no-cache", "heavy-query"],
            LabScenarios.Names);
        Assert.All(LabScenarios.Names, name => Assert.False(string.IsNullOrWhiteSpace(LabScenarios.Describe(name))));
    }
}
