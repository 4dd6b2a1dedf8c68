using System.Net;
using ScaleLab.Cli.Commands;
using ScaleLab.Cli.Targets;
using ScaleLab.Cli.Tests.Support;

namespace ScaleLab.Cli.Tests.Commands;

public sealed class TargetCommandTests
{
    [Theory]
    [InlineData("10.1.2.3:8080", "10.1.2.3:8080")]
    [InlineData("127.0.0.1:0", "127.0.0.1:0")]
    [InlineData("[::1]:9000", "[::1]:9000")]
    [InlineData("localhost:7000", "127.0.0.1:7000")]
    public void ParseEndpoint_HostAndPort_ReturnsEndpoint(string text, string expected)
    {
        Assert.Equal(IPEndPoint.Parse(expected), TargetCommand.ParseEndpoint(text));
    }

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("::1")]
    [InlineData("example.com:80")]
    [InlineData("10.1.2.3:70000")]
    [InlineData("localhost:x")]
    public void ParseEndpoint_NotHostAndPort_ThrowsUsageException(string text)
    {
        Assert.Throws<UsageException>(() => TargetCommand.ParseEndpoint(text));
    }

    [Fact]
    public async Task Stats_AfterRequests_CountsThemButNotItself()
    {
        await using var target = await EmbeddedTarget.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), CancellationToken.None);
        using var client = new HttpClient { BaseAddress = target.Uri, Timeout = TimeSpan.FromSeconds(30) };
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("Hello, World!", await client.GetStringAsync("/"));
        }

        await client.GetStringAsync("/stats");
        var stats = await client.GetStringAsync("/stats");

        Assert.Equal("""{"requests":3}""", stats);
    }
}

[Collection(ConsoleCollection.Name)]
public sealed class TargetCommandExitTests
{
    [Fact]
    public async Task Target_AddressNotOnThisHost_ExitsTwoWithOneLine()
    {
        // 203.0.113.0/24 is TEST-NET-3: documentation only, never assigned to a host.
        var (exit, error) = await ConsoleCapture.RunAsync("target", "--listen", "203.0.113.1:8080");

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("cannot listen on 203.0.113.1:8080", error, StringComparison.Ordinal);
    }
}
