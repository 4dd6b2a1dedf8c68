using ScaleLab.Lab.Supervisor;

namespace ScaleLab.Lab.Tests.Supervisor;

public sealed class ReplicaLauncherSizeTests
{
    [Fact]
    public void Environment_CpusAndMemory_ProcessorCountAndHexHeapLimit()
    {
        var launcher = new ReplicaLauncher(["scalelab", "lab", "replica"]) { Cpus = 1, MemoryMb = 256 };

        var environment = launcher.Environment();

        Assert.Equal("1", environment["DOTNET_PROCESSOR_COUNT"]);
        Assert.Equal("10000000", environment["DOTNET_GCHeapHardLimit"]);
    }

    [Fact]
    public void Environment_NoSize_Empty() => Assert.Empty(new ReplicaLauncher(["scalelab"]).Environment());

    [Fact]
    public void Cores_NoCpus_NotPinned() => Assert.Empty(new ReplicaLauncher(["scalelab"]).Cores(1));

    [Theory]
    [InlineData(0, null, "--replica-cpus")]
    [InlineData(null, 16, "--replica-memory-mb")]
    public void Problems_SizeTooSmall_NamesTheOption(int? cpus, int? memory, string option)
    {
        var options = new LabOptions { Launcher = new ReplicaLauncher(["scalelab"]) { Cpus = cpus, MemoryMb = memory } };

        Assert.Contains(options.Problems(), p => p.StartsWith(option, StringComparison.Ordinal));
    }
}
