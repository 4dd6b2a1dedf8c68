namespace ScaleLab.Lab.Scenarios;

/// <summary>The feed loads each followee's posts with its own query: slow for one user, a performance problem.</summary>
internal sealed class NPlusOneScenario : ILabScenario
{
    public string Name => "n-plus-one";

    public string Summary => "the feed loads each followee's posts with its own query";

    public bool LoadsFeedPerFollowee => true;
}
