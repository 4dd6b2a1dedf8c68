namespace ScaleLab.Reports.Tests.Browser;

/// <summary>The browser checks catch what they exist to catch: a page that logs an error and fetches from the network.</summary>
public sealed class HarnessTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("scalelab-harness-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task OpenAsync_PageThatLogsAndFetches_ReportsTheErrorAndTheFetch()
    {
        var file = Path.Combine(_directory, "bad.html");
        await File.WriteAllTextAsync(file, "<!DOCTYPE html><html><body><script>console.error('boom')</script><img src=\"http://127.0.0.1:9/x.png\"></body></html>");

        await using var page = await chromium.Browser.OpenAsync(file);

        Assert.Contains(page.Errors, e => e.Contains("boom", StringComparison.Ordinal));
        Assert.Contains(page.Requests, url => url.StartsWith("http://127.0.0.1:9/", StringComparison.Ordinal));
        Assert.NotEmpty(page.FailedRequests);
    }
}
