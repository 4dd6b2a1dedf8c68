using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ScaleLab.Cli.Tests.Support;

namespace ScaleLab.Cli.Tests.Commands;

[Collection(ConsoleCollection.Name)]
public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_PortTaken_ExitsTwoWithOneLine()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

        var (exit, error) = await ConsoleCapture.RunAsync("demo", "--port", port);

        Assert.Equal(2, exit);
        Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith($"scalelab: demo cannot listen on 127.0.0.1:{port}", error.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_PortOutOfRange_ExitsTwoWithOneLine()
    {
        var (exit, error) = await ConsoleCapture.RunAsync("demo", "--port", "70000");

        Assert.Equal(2, exit);
        Assert.Equal("scalelab: --port must be 0 to 65535 (got 70000)", error.Trim());
    }
}
