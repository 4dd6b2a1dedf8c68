using ScaleLab.Agents.Coordinator;
using ScaleLab.Load.Engine;

namespace ScaleLab.Agents.Tests.Coordinator;

public sealed class LoadSplitTests
{
    [Fact]
    public void Split_ClosedModel_SpreadsUsersAndBudgetWithTheRemainderFirst()
    {
        var parts = LoadSplit.Split(LoadOptions.Closed(10, TimeSpan.FromSeconds(5)) with { Requests = 7 }, 3);

        Assert.Equal([4, 3, 3], parts.Select(p => p.Connections));
        Assert.Equal([3L, 2L, 2L], parts.Select(p => p.Requests!.Value));
        Assert.All(parts, p => Assert.Null(p.Share));
    }

    [Fact]
    public void Split_OpenModel_GivesEveryAgentTheWholeRateAndItsShare()
    {
        var parts = LoadSplit.Split(LoadOptions.Open(300, TimeSpan.FromSeconds(5)), 3);

        Assert.All(parts, p => Assert.Equal(300, p.Rate));
        Assert.Equal([0, 1, 2], parts.Select(p => p.Share!.Index));
        Assert.All(parts, p => Assert.Equal(3, p.Share!.Count));
    }

    [Fact]
    public void Split_FewerUsersThanAgents_IsRefused()
    {
        var error = Assert.Throws<AgentException>(() => LoadSplit.Split(LoadOptions.Closed(1, TimeSpan.FromSeconds(5)), 2));

        Assert.Contains("at least one user per agent", error.Message);
    }

    [Fact]
    public void Split_ClosedStages_SpreadsEveryStagesUsers()
    {
        var options = new LoadOptions { Connections = 0 }.WithStages([new LoadStage(TimeSpan.FromSeconds(1), 5), new LoadStage(TimeSpan.FromSeconds(1), 0)]);

        var parts = LoadSplit.Split(options, 2);

        Assert.Equal([3.0, 2.0], parts.Select(p => p.Stages![0].Target));
        Assert.All(parts, p => Assert.Null(p.Validate()));
    }
}
