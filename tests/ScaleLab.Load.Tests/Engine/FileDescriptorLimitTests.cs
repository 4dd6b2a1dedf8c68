using ScaleLab.Load.Engine;
using ScaleLab.Load.Http;
using ScaleLab.Load.Http1.Transport;
using ScaleLab.Load.Tests.Support;

namespace ScaleLab.Load.Tests.Engine;

[Collection(ProcessWideCollection.Name)]
public sealed class FileDescriptorLimitTests
{
    [Fact]
    public async Task RunAsync_FilesRunOutMidRun_CountsConnectErrorsAndKeepsTheResult()
    {
        Assert.True(OperatingSystem.IsLinux(), "the test lowers the Linux file limit: the test machine must be Linux");
        await using var nginx = await NginxServer.StartAsync();
        var options = LoadOptions.Closed(connections: 200, TimeSpan.FromSeconds(1));
        var factory = HttpTargets.Create(nginx.Uri, options);
        // A first run loads and compiles what a run needs, as the CLI's start-up check does, before files run out.
        Assert.Null(FileDescriptorLimit.Ensure(options.Connections));
        await new LoadRunner(factory, options with { Connections = 2 }).RunAsync();

        Assert.Equal(0, Interop.GetResourceLimit(Interop.RLimitNoFile, out var original));
        var open = Directory.GetFiles("/proc/self/fd").Length;
        LoadMeasurement measurement;
        try
        {
            // Room for the process, its reserve and about 50 connections: the other 150 users find no file to open.
            var soft = (ulong)(open + FileDescriptorLimit.Reserve + 50);
            Assert.Equal(0, Interop.SetResourceLimit(Interop.RLimitNoFile, original with { Soft = soft }));
            measurement = await new LoadRunner(factory, options).RunAsync();
        }
        finally
        {
            Interop.SetResourceLimit(Interop.RLimitNoFile, original);
            // The engine's socket budget was sized for the lowered limit: size it again for the tests that follow.
            SocketBudget.Refresh();
        }

        var result = measurement.Result;
        Assert.True(result.ErrorKinds.GetValueOrDefault(ErrorKinds.Connect) > 0, string.Join(", ", result.ErrorKinds));
        Assert.True(result.StatusCodes.GetValueOrDefault("200") > 0, "the connections that opened were served");
        Assert.Equal(0, result.ErrorKinds.GetValueOrDefault(ErrorKinds.Engine));
        Assert.Contains(result.Warnings, w => w.Contains("lack of file descriptors", StringComparison.Ordinal));
    }

    [Fact]
    public void Ensure_MoreConnectionsThanTheHardLimit_SaysSoInOneLine()
    {
        Assert.Equal(0, Interop.GetResourceLimit(Interop.RLimitNoFile, out var limit));
        var tooMany = limit.Hard >= int.MaxValue ? int.MaxValue - 1000 : (int)limit.Hard;

        var problem = FileDescriptorLimit.Ensure(tooMany);

        Assert.NotNull(problem);
        Assert.DoesNotContain('\n', problem);
        Assert.Contains("ulimit -n", problem);
    }
}
