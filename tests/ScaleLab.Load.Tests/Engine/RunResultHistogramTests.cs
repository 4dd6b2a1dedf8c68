using Microsoft.AspNetCore.Builder;
using ScaleLab.Core.Results;
using ScaleLab.Load.Engine;
using ScaleLab.Load.Flows;
using ScaleLab.Load.Http;
using ScaleLab.Load.Requests;

namespace ScaleLab.Load.Tests.Engine;

public sealed class RunResultHistogramTests
{
    [Fact]
    public async Task Run_AgainstKestrel_ResultCarriesTheWholeLatencyHistogram()
    {
        await using var target = await KestrelTarget.StartAsync(app => app.MapGet("/", () => "hello"));
        var options = LoadOptions.Closed(connections: 2, TimeSpan.FromSeconds(20)) with { Requests = 300 };

        var measurement = await new LoadRunner(HttpTargets.Create(target.Uri, options), options).RunAsync();

        // The result's histogram is the run's, recorded value for recorded value: its percentiles are the summary's.
        var decoded = LatencyHistogramCodec.Decode(measurement.Result.LatencyHistogram!);
        Assert.Equal(measurement.Latency.TotalCount, decoded.TotalCount);
        Assert.Equal(measurement.Result.Requests, decoded.TotalCount);
        Assert.Equal(measurement.Result.LatencyMs, LatencyHistograms.Summarize(decoded));
    }

    [Fact]
    public async Task Run_AgainstKestrel_IntervalHistogramsAddUpToTheWholeOne()
    {
        await using var target = await KestrelTarget.StartAsync(app => app.MapGet("/", () => "hello"));
        var options = LoadOptions.Closed(connections: 2, TimeSpan.FromSeconds(20)) with { Requests = 300, ReportInterval = TimeSpan.FromMilliseconds(20) };

        var result = (await new LoadRunner(HttpTargets.Create(target.Uri, options), options).RunAsync()).Result;

        // Each point of the series carries its own histogram, so that separate results' intervals merge exactly.
        var sum = LatencyHistograms.Create();
        foreach (var interval in result.Intervals.Where(i => i.LatencyHistogram is not null))
        {
            var decoded = LatencyHistogramCodec.Decode(interval.LatencyHistogram!);
            Assert.Equal(interval.LatencyMs, LatencyHistograms.Summarize(decoded));
            sum.Add(decoded);
        }

        Assert.Equal(result.LatencyMs, LatencyHistograms.Summarize(sum));
        Assert.All(result.Intervals.Where(i => i.LatencyHistogram is null), i => Assert.Equal(LatencySummary.Empty, i.LatencyMs));
    }

    [Fact]
    public async Task Run_MixOfTwoNames_EachNameCarriesItsHistogram()
    {
        await using var target = await KestrelTarget.StartAsync(app =>
        {
            app.MapGet("/a", () => "a");
            app.MapGet("/b", () => "b");
        });
        var mix = RequestMix.Create(target.Uri, [new RequestDefinition("a", 1, "GET", "/a", [], null), new RequestDefinition("b", 1, "GET", "/b", [], null)]);
        var options = LoadOptions.Closed(connections: 2, TimeSpan.FromSeconds(20)) with { Requests = 200 };

        var result = (await new LoadRunner(HttpTargets.Create(mix, options), options).RunAsync()).Result;

        var sum = LatencyHistograms.Create();
        foreach (var (_, stats) in result.ByName)
        {
            var decoded = LatencyHistogramCodec.Decode(stats.LatencyHistogram!);
            Assert.Equal(stats.LatencyMs, LatencyHistograms.Summarize(decoded));
            sum.Add(decoded);
        }

        Assert.Equal(result.LatencyMs, LatencyHistograms.Summarize(sum));
    }

    [Fact]
    public async Task Run_OpenModelFlow_CarriesUncorrectedAndIterationHistograms()
    {
        await using var target = await KestrelTarget.StartAsync(app => app.MapGet("/", () => "hello"));
        var flow = new FlowDefinition { Steps = [new HttpStep("one", "GET", "/"), new HttpStep("two", "GET", "/")] };
        var options = LoadOptions.Open(rate: 100, TimeSpan.FromSeconds(1));

        var result = (await new LoadRunner(FlowTargets.Create(target.Uri, flow, options), options).RunAsync()).Result;

        Assert.Equal(result.UncorrectedLatencyMs, LatencyHistograms.Summarize(LatencyHistogramCodec.Decode(result.UncorrectedLatencyHistogram!)));
        var iterations = LatencyHistogramCodec.Decode(result.IterationLatencyHistogram!);
        Assert.Equal(result.IterationLatencyMs, LatencyHistograms.Summarize(iterations));
        Assert.True(iterations.TotalCount > 0);
    }
}
