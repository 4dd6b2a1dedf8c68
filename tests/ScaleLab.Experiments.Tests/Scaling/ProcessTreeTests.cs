using System.Diagnostics;
using ScaleLab.Experiments.Scaling;

namespace ScaleLab.Experiments.Tests.Scaling;

public sealed class ProcessTreeTests
{
    [Theory]
    [InlineData("4242 (postgres) S 17 4242 4242 0 -1", 17)]
    [InlineData("77 (a) b) c) R 1 77 77", 1)]
    [InlineData("garbage", null)]
    public void ParseParent_StatLine_TheFieldAfterTheState(string stat, int? parent) =>
        Assert.Equal(parent, ProcessTree.ParseParent(stat));

    [Fact]
    public void WithDescendants_AChildProcess_IsIncluded()
    {
        using var child = Process.Start(new ProcessStartInfo("sleep", "10") { UseShellExecute = false })!;
        try
        {
            var tree = ProcessTree.WithDescendants(Environment.ProcessId);

            Assert.Equal(Environment.ProcessId, tree[0]);
            Assert.Contains(child.Id, tree);
        }
        finally
        {
            child.Kill();
        }
    }
}
