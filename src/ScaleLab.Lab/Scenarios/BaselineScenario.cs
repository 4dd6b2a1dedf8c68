namespace ScaleLab.Lab.Scenarios;

/// <summary>The healthy service: every default of <see cref="ILabScenario"/>.</summary>
internal sealed class BaselineScenario : ILabScenario
{
    public string Name => "baseline";

    public string Summary => "stateless replicas, sessions in the store, cache-aside feed, indexed queries";
}
