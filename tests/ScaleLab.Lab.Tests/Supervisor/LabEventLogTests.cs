using ScaleLab.Lab.Supervisor;

namespace ScaleLab.Lab.Tests.Supervisor;

public sealed class LabEventLogTests
{
    [Fact]
    public void Record_MoreThanItKeeps_KeepsTheLatestInOrder()
    {
        var log = new StringWriter();
        var events = new LabEventLog(log, TimeProvider.System);

        for (var i = 1; i <= 60; i++)
        {
            events.Record($"event {i}");
        }

        var kept = events.Recent();
        Assert.Equal(50, kept.Count);
        Assert.Equal("event 11", kept[0].Message);
        Assert.Equal("event 60", kept[^1].Message);
        Assert.Contains("lab: event 1\n", log.ToString().ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Log_StatusLine_IsWrittenButNotKept()
    {
        var log = new StringWriter();
        var events = new LabEventLog(log, TimeProvider.System);

        events.Log("seeded");

        Assert.Empty(events.Recent());
        Assert.Contains("lab: seeded", log.ToString(), StringComparison.Ordinal);
    }
}
