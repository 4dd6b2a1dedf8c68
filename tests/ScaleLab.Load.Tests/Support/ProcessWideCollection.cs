namespace ScaleLab.Load.Tests.Support;

/// <summary>
/// Tests that change what the whole process shares (they kill the event loops, lower the file limit): they run
/// alone, after the tests that may run in parallel, so that no other test meets what they did.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideCollection
{
    public const string Name = "process-wide";
}
