using System.Text.Json;
using HdrHistogram;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using ScaleLab.Cli.Tests.Support;

namespace ScaleLab.Cli.Tests.Commands;

/// <summary><c>run --flow</c>: its errors before any load, its results by name, its tagged HdrHistogram log.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class RunFlowCommandTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("scalelab-flow-").FullName;
    private long _hits;
    private KestrelTarget _target = null!;

    public async Task InitializeAsync() =>
        _target = await KestrelTarget.StartAsync(app =>
        {
            app.MapPost("/login", (HttpContext context) =>
            {
                Interlocked.Increment(ref _hits);
                context.Response.Cookies.Append("sid", "s1");
                return Results.Json(new { userId = 7 });
            });
            app.MapGet("/users/{id}/feed", (string id, HttpContext context) =>
            {
                Interlocked.Increment(ref _hits);
                return context.Request.Cookies.ContainsKey("sid") ? Results.Json(new { userId = id }) : Results.StatusCode(401);
            });
        });

    public async Task DisposeAsync()
    {
        await _target.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData("{ \"steps\": [ { \"path\": \"/\" } ")]
    [InlineData("{ \"steps\": [ { \"path\": \"/\", \"thinktime\": \"1s\" } ] }")]
    [InlineData("{ \"steps\": [ { \"path\": \"/users/{{userId}}/feed\" } ] }")]
    [InlineData("{ \"steps\": [ { \"path\": \"/\", \"expect\": { \"header\": { \"X\": \"[\" } } } ] }")]
    [InlineData("{ \"data\": { \"file\": \"missing.csv\" }, \"steps\": [ { \"path\": \"/\" } ] }")]
    public async Task Run_BadFlowFile_ExitsTwoWithOneLineBeforeAnyLoad(string content)
    {
        var file = Path.Combine(_directory, "flow.json");
        await File.WriteAllTextAsync(file, content);

        var (exit, error) = await ConsoleCapture.RunAsync("run", _target.Uri.ToString(), "-n", "10", "--flow", file);

        Assert.Equal(2, exit);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got {lines.Length}:\n{error}");
        Assert.StartsWith("scalelab: ", lines[0]);
        Assert.Contains("flow.json", lines[0]);
        Assert.Equal(0, Interlocked.Read(ref _hits));
    }

    [Fact]
    public async Task Run_FlowWithHdrAndJson_WritesByNameAndTaggedIntervalsAReaderSumsToTheTotals()
    {
        var flowFile = Path.Combine(_directory, "flow.json");
        await File.WriteAllTextAsync(flowFile, """
            { "steps": [
                { "name": "log in", "method": "POST", "path": "/login", "extract": { "userId": { "json": "$.userId" } } },
                { "path": "/users/{{userId}}/feed", "expect": { "status": 200, "json": { "$.userId": "{{userId}}" } } } ] }
            """);
        var json = Path.Combine(_directory, "run.json");
        var hdr = Path.Combine(_directory, "run.hlog");

        var (exit, _) = await ConsoleCapture.RunAsync("run", _target.Uri.ToString(), "-c", "2", "-n", "100", "--flow", flowFile, "--json", json, "--hdr", hdr);

        Assert.Equal(0, exit);
        using var result = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = result.RootElement;
        Assert.Equal(100, root.GetProperty("iterations").GetInt64());
        Assert.Equal(200, root.GetProperty("requests").GetInt64());
        Assert.Equal(100, root.GetProperty("byName").GetProperty("log in").GetProperty("requests").GetInt64());
        Assert.Equal(100, root.GetProperty("byName").GetProperty("GET /users/{userId}/feed").GetProperty("statusCodes").GetProperty("200").GetInt64());
        Assert.Equal(100, root.GetProperty("checks").GetProperty("GET /users/{userId}/feed: json $.userId = {{userId}}").GetProperty("passed").GetInt64());

        // HdrHistogram's own reader: the untagged intervals are the totals, the tagged ones each name's.
        await using var stream = File.OpenRead(hdr);
        using var reader = new HistogramLogReader(stream);
        var counts = reader.ReadHistograms().GroupBy(h => h.Tag ?? "").ToDictionary(g => g.Key, g => g.Sum(h => h.TotalCount));
        Assert.Equal(["", "GET_/users/{userId}/feed", "log_in"], counts.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(200, counts[""]);
        Assert.Equal(counts[""], counts["log_in"] + counts["GET_/users/{userId}/feed"]);
    }
}
