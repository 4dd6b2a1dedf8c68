namespace ScaleLab.Agents.Tests;

public sealed class AgentDefaultsTests
{
    [Fact]
    public void Port_IsUnprivileged_AboveWellKnownRange()
    {
        Assert.InRange(AgentDefaults.Port, 1024, 65535);
    }
}
