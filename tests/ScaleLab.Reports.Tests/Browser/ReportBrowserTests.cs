namespace ScaleLab.Reports.Tests.Browser;

/// <summary>
/// Each kind of report as a person sees it: opened from its file in headless Chromium, it must log no error, fail no
/// request, fetch nothing but itself, and draw every chart with something in it. Each test keeps a screenshot in
/// TestResults/report-screenshots/ at the repository's root (beside ./test.sh's other results).
/// </summary>
public sealed class ReportBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("scalelab-report-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    public static TheoryData<string> Kinds => new() { "run", "diagnose", "fit", "scale", "diagnose-lab", "fit-specsdm91", "plan-example", "plan-growth", "several" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Report_OpenedInChromium_LogsNoErrorFetchesNothingAndDrawsEveryChart(string kind)
    {
        var (inputs, minimumCharts) = Sample(kind);
        var file = Write($"{kind}.html", HtmlReport.Render(inputs));

        await using var page = await chromium.Browser.OpenAsync(file);
        var charts = (await page.EvaluateAsync(ChartCensus))!.AsArray();
        await SaveScreenshotAsync(page, kind);

        Assert.Empty(page.Errors);
        Assert.Empty(page.FailedRequests);
        Assert.All(page.Requests, url => Assert.StartsWith("file://", url, StringComparison.Ordinal));
        Assert.True(charts.Count >= minimumCharts, $"{kind}: {charts.Count} charts, expected at least {minimumCharts}");
        Assert.All(charts, chart =>
        {
            var drawn = chart!["paths"]!.GetValue<int>() + chart["dots"]!.GetValue<int>() + chart["bars"]!.GetValue<int>();
            Assert.True(drawn > 0, $"empty chart: {chart["title"]}");
            Assert.True(chart["width"]!.GetValue<double>() > 200, $"chart {chart["title"]} is {chart["width"]} px wide");
        });
    }

    [Fact]
    public async Task Report_DarkScheme_SwitchesBackgroundAndStillDrawsCharts()
    {
        var file = Write("diagnose-dark.html", HtmlReport.Render([new ReportInput("d.json", ReportSamples.Diagnose())]));

        await using var page = await chromium.Browser.OpenAsync(file);
        await page.SetColorSchemeAsync("dark");
        var background = (await page.EvaluateAsync("getComputedStyle(document.body).backgroundColor"))!.GetValue<string>();
        await SaveScreenshotAsync(page, "diagnose-dark");

        Assert.Equal("rgb(18, 21, 27)", background);
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task Report_Printed_PutsOneChartPerRow()
    {
        var file = Write("diagnose-print.html", HtmlReport.Render([new ReportInput("d.json", ReportSamples.Diagnose())]));
        const string lefts = "[...document.querySelectorAll('.charts')[0].querySelectorAll('figure')].map(f => f.getBoundingClientRect().left)";

        await using var page = await chromium.Browser.OpenAsync(file);
        var onScreen = (await page.EvaluateAsync(lefts))!.AsArray().Select(n => n!.GetValue<double>()).ToArray();
        await page.SetMediaAsync("print");
        var printed = (await page.EvaluateAsync(lefts))!.AsArray().Select(n => n!.GetValue<double>()).ToArray();
        await SaveScreenshotAsync(page, "diagnose-print");

        Assert.Equal(2, onScreen.Length);
        Assert.NotEqual(onScreen[0], onScreen[1]);
        Assert.Equal(printed[0], printed[1]);
    }

    [Fact]
    public async Task Report_HostileStrings_ShowAsTextAndRunOrFetchNothing()
    {
        const string hostile = "<script>window.pwned=1</script><img src=\"http://203.0.113.1/x.png\" onerror=\"window.pwned=2\">";
        var run = ReportSamples.Run(target: "http://127.0.0.1/" + hostile, requestName: hostile) with { CommandLine = "scalelab run " + hostile };
        var file = Write("hostile.html", HtmlReport.Render([new ReportInput(hostile + ".json", run)]));

        await using var page = await chromium.Browser.OpenAsync(file);
        var pwned = await page.EvaluateAsync("typeof window.pwned");
        var scripts = (await page.EvaluateAsync("document.querySelectorAll('script, img').length"))!.GetValue<int>();
        var heading = (await page.EvaluateAsync("document.querySelector('section h2').textContent"))!.GetValue<string>();

        Assert.Equal("undefined", pwned!.GetValue<string>());
        Assert.Equal(0, scripts);
        Assert.Contains(hostile, heading, StringComparison.Ordinal);
        Assert.Empty(page.Errors);
        Assert.All(page.Requests, url => Assert.StartsWith("file://", url, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Browser_Disposed_LeavesNoProcessBehind()
    {
        var browser = await HeadlessChromium.StartAsync();
        var profile = browser.Profile;
        var running = HeadlessChromium.ProcessesUsing(profile);

        await browser.DisposeAsync();

        Assert.NotEmpty(running);
        Assert.Empty(HeadlessChromium.ProcessesUsing(profile));
        Assert.False(Directory.Exists(profile));
    }

    /// <summary>Every SVG chart with what it plotted: paths with a drawn outline, visible dots, bars with a height.</summary>
    private const string ChartCensus = """
        [...document.querySelectorAll('svg.chart')].map(svg => {
          const box = svg.getBoundingClientRect();
          return {
            title: svg.getAttribute('aria-label'),
            paths: [...svg.querySelectorAll('path.data')].filter(p => (p.getAttribute('d') || '').length > 3 && p.getTotalLength() > 0).length,
            dots: [...svg.querySelectorAll('circle.data')].filter(c => parseFloat(c.getAttribute('r')) > 0).length,
            bars: [...svg.querySelectorAll('rect.data')].filter(r => parseFloat(r.getAttribute('height')) > 0).length,
            width: box.width,
          };
        })
        """;

    private static (IReadOnlyList<ReportInput> Inputs, int MinimumCharts) Sample(string kind) => kind switch
    {
        "run" => ([new ReportInput("run.json", ReportSamples.Run())], 4),
        "diagnose" => ([new ReportInput("diagnose.json", ReportSamples.Diagnose())], 4),
        "fit" => ([new ReportInput("fit.json", ReportSamples.Fit())], 2),
        "scale" => ([new ReportInput("scale.json", ReportSamples.Scale())], 6),
        "diagnose-lab" => ([ReportSamples.RealDiagnose()], 4),
        "fit-specsdm91" => ([ReportSamples.RealFit()], 2),
        "plan-example" => ([ReportSamples.RealPlan()], 1),
        "plan-growth" => ([new ReportInput("plan-growth.json", ReportSamples.Plan(target: null, growth: 3))], 1),
        _ => ([new ReportInput("run.json", ReportSamples.Run()), ReportSamples.RealDiagnose(), ReportSamples.RealFit(), new ReportInput("scale.json", ReportSamples.Scale())], 16),
    };

    private string Write(string name, string html)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, html);
        return path;
    }

    private static async Task SaveScreenshotAsync(BrowserPage page, string name)
    {
        var png = await page.ScreenshotAsync();
        var directory = Path.Combine(ResultsDirectory(), "report-screenshots");
        Directory.CreateDirectory(directory);
        await File.WriteAllBytesAsync(Path.Combine(directory, name + ".png"), png);
    }

    /// <summary>TestResults/ at the repository's root, where ./test.sh keeps its results; the test's own folder outside a clone.</summary>
    private static string ResultsDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ScaleLab.slnx")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.FullName ?? AppContext.BaseDirectory, "TestResults");
    }
}
