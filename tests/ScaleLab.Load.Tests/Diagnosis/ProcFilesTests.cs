using ScaleLab.Load.Diagnosis;

namespace ScaleLab.Load.Tests.Diagnosis;

public sealed class ProcFilesTests
{
    [Fact]
    public void ParseStat_NameWithSpacesAndParentheses_CountsFieldsFromTheLastParenthesis()
    {
        const string stat = "4242 (my (odd) app) S 1 4242 4242 0 -1 4194560 1234 0 0 0 150 25 0 0 20 0 12 0 987654 123456789 2500 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0";

        var parsed = ProcFiles.ParseStat(stat);

        Assert.NotNull(parsed);
        Assert.Equal("my (odd) app", parsed!.Value.Name);
        Assert.Equal(175, parsed.Value.CpuTicks);
        Assert.Equal(987654, parsed.Value.StartTicks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("4242 (truncated) S 1 2 3")]
    [InlineData("no parentheses at all")]
    public void ParseStat_Malformed_ReturnsNull(string stat) => Assert.Null(ProcFiles.ParseStat(stat));

    [Fact]
    public void ParseRssBytes_Status_ReadsVmRssInBytes()
    {
        const string status = "Name:\tdotnet\nVmPeak:\t  900000 kB\nVmRSS:\t   51200 kB\nThreads:\t12\n";

        Assert.Equal(51200L * 1024, ProcFiles.ParseRssBytes(status));
    }

    [Fact]
    public void ParseRssBytes_Zombie_IsZero() => Assert.Equal(0, ProcFiles.ParseRssBytes("Name:\tgone\nState:\tZ (zombie)\n"));

    [Theory]
    [InlineData("0-1", 2)]
    [InlineData("0", 1)]
    [InlineData("0-3,8,10-11", 7)]
    [InlineData(" 2,4 \n", 2)]
    public void ParseCpuList_KernelList_CountsCpus(string list, int count) => Assert.Equal(count, ProcFiles.ParseCpuList(list)!.Count);

    [Theory]
    [InlineData("")]
    [InlineData("a-b")]
    [InlineData("3-1")]
    public void ParseCpuList_Malformed_ReturnsNull(string list) => Assert.Null(ProcFiles.ParseCpuList(list));

    [Theory]
    [InlineData("max 100000", null)]
    [InlineData("50000 100000", 0.5)]
    [InlineData("200000 100000\n", 2.0)]
    [InlineData("garbage", null)]
    public void ParseCpuMax_Quota_IsCpus(string text, double? cpus) => Assert.Equal(cpus, ProcFiles.ParseCpuMax(text));

    [Fact]
    public void ParseCgroup_Unified_ReadsTheV2Path() =>
        Assert.Equal((string.Empty, "/system.slice/app.service"), ProcFiles.ParseCgroup("0::/system.slice/app.service\n"));

    [Fact]
    public void ParseCgroup_V1_ReadsTheCpuController() =>
        Assert.Equal(("cpu,cpuacct", "/docker/abc"), ProcFiles.ParseCgroup("5:memory:/docker/abc\n4:cpu,cpuacct:/docker/abc\n1:name=systemd:/docker/abc\n"));

    [Fact]
    public void ParseMachineIdle_Stat_ReadsIdlePlusIowaitAndCountsCpus()
    {
        const string stat = "cpu  100 5 50 800 40 3 2 0 0 0\ncpu0 50 2 25 400 20 1 1 0 0 0\ncpu1 50 3 25 400 20 2 1 0 0 0\nintr 12345\nctxt 999\n";

        Assert.Equal((840L, 2), ProcFiles.ParseMachineIdle(stat));
    }

    [Theory]
    [InlineData("")]
    [InlineData("intr 1 2 3\n")]
    [InlineData("cpu  1 2 3\n")]
    public void ParseMachineIdle_Malformed_ReturnsNull(string stat) => Assert.Null(ProcFiles.ParseMachineIdle(stat));

    [Fact]
    public void ParseCmdline_NulSeparated_SplitsArguments() =>
        Assert.Equal(["dotnet", "MyApp.dll", "--urls"], ProcFiles.ParseCmdline("dotnet\0MyApp.dll\0--urls\0"));
}
