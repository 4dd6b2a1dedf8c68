using ScaleLab.Cli.Tests.Support;

namespace ScaleLab.Cli.Tests.Commands;

[Collection(ConsoleCollection.Name)]
public sealed class RequestOptionsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("scalelab-request-options-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("Content-Length: 5")]
    [InlineData("transfer-encoding: chunked")]
    public async Task Run_FramingHeaderOption_ExitsTwoNamingTheHeader(string header)
    {
        var (exit, error) = await ConsoleCapture.RunAsync("run", "http://127.0.0.1:1/", "-m", "POST", "--body", "{}", "-H", header, "-n", "1");

        Assert.Equal(2, exit);
        AssertOneLineError(error);
        Assert.Contains(header[..header.IndexOf(':')], error);
    }

    [Fact]
    public async Task Run_FramingHeaderInRequestsFile_ExitsTwoNamingTheHeader()
    {
        var file = Path.Combine(_directory, "mix.json");
        await File.WriteAllTextAsync(file, """{ "requests": [ { "name": "order", "method": "POST", "path": "/orders", "body": "{}", "headers": { "Transfer-Encoding": "chunked" } } ] }""");

        var (exit, error) = await ConsoleCapture.RunAsync("run", "http://127.0.0.1:1/", "-n", "1", "--requests-file", file);

        Assert.Equal(2, exit);
        AssertOneLineError(error);
        Assert.Contains("Transfer-Encoding", error);
        Assert.Contains("'order'", error);
    }

    [Fact]
    public async Task Run_HugeWeightsInRequestsFile_AreAccepted()
    {
        var file = Path.Combine(_directory, "mix.json");
        await File.WriteAllTextAsync(file, """{ "requests": [ { "path": "/a", "weight": 1e308 }, { "path": "/b", "weight": 1e308 } ] }""");

        // An unreachable target: the mix is read and checked first, so only the connection can fail.
        var (exit, error) = await ConsoleCapture.RunAsync("run", "http://127.0.0.1:1/", "-n", "1", "--requests-file", file, "--timeout", "2s");

        Assert.Equal(2, exit);
        AssertOneLineError(error);
        Assert.Contains("cannot connect", error);
    }

    private static void AssertOneLineError(string error)
    {
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got {lines.Length}:\n{error}");
        Assert.StartsWith("scalelab: ", lines[0]);
        Assert.DoesNotContain("Exception", error);
    }
}
