namespace ScaleLab.Lab.Scenarios;

/// <summary>The posts index is dropped: every feed query scans the shard's posts, slower as data grows.</summary>
internal sealed class MissingIndexScenario : ILabScenario
{
    public string Name => "missing-index";

    public string Summary => "the posts index is dropped: feed queries scan every post of the shard";

    public bool IndexesPosts => false;
}
