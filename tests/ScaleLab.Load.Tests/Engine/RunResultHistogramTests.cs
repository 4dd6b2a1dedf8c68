using Microsoft.AspNetCore.Builder;
using ScaleLab.Core.Results;
using ScaleLab.Load.Engine;
using ScaleLab.Load.Http;

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
}
