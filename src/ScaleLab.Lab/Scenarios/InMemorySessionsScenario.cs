namespace ScaleLab.Lab.Scenarios;

/// <summary>Sessions live in each replica's memory: a login is lost whenever the balancer picks another replica.</summary>
internal sealed class InMemorySessionsScenario : ILabScenario
{
    public string Name => "in-memory-sessions";

    public string Summary => "sessions live in each replica's memory: round robin loses logins";

    public bool KeepsSessionsInMemory => true;
}
