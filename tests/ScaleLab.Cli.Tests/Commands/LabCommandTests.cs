using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ScaleLab.Cli.Tests.Support;

namespace ScaleLab.Cli.Tests.Commands;

/// <summary>The lab commands without a lab: an unmet precondition, exit 2, never 1 (a failed check).</summary>
[Collection(ConsoleCollection.Name)]
public sealed class LabCommandTests : IDisposable
{
    private readonly string? _previous = Environment.GetEnvironmentVariable("SCALELAB_LAB_DIR");
    private readonly string _directory = Directory.CreateTempSubdirectory("scalelab-nolab-").FullName;

    // An empty state directory of its own: no lab, whatever other labs run on this machine.
    public LabCommandTests() => Environment.SetEnvironmentVariable("SCALELAB_LAB_DIR", _directory);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("SCALELAB_LAB_DIR", _previous);
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData("lab", "status")]
    [InlineData("lab", "scale", "3")]
    [InlineData("lab", "audit", "--orders", "5")]
    public async Task Lab_NoLabRunning_ExitsTwoWithOneLine(params string[] args)
    {
        var (exit, error) = await ConsoleCapture.RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Equal("scalelab: no lab is running (start one with `scalelab lab up`)", error.Trim());
    }

    [Fact]
    public async Task LabUp_PortTaken_ExitsTwoSayingSo()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

        var (exit, _, error) = await ConsoleCapture.RunWithOutputAsync("lab", "up", "--port", port);

        Assert.Equal(2, exit);
        Assert.StartsWith("scalelab: lab up failed: ", error);
        Assert.Contains($"port {port} on 127.0.0.1 is taken", error);
    }

    [Fact]
    public async Task LabDown_NoLabRunning_ExitsZero()
    {
        var (exit, _) = await ConsoleCapture.RunAsync("lab", "down");

        Assert.Equal(0, exit);
    }
}
