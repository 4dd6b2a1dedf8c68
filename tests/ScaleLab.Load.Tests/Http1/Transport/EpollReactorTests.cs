using Microsoft.AspNetCore.Builder;
using ScaleLab.Load.Engine;
using ScaleLab.Load.Http;
using ScaleLab.Load.Http1.Transport;
using ScaleLab.Load.Tests.Support;

namespace ScaleLab.Load.Tests.Http1.Transport;

[Collection(ProcessWideCollection.Name)]
public sealed class EpollReactorTests
{
    [Fact]
    public async Task Loop_DiesMidRun_ConnectionsEndAsEngineErrorsAndANewLoopCarriesOn()
    {
        Assert.True(EpollReactor.IsSupported, "the epoll transport runs on Linux x64/arm64: the test machine must be one");
        var served = 0;
        await using var target = await KestrelTarget.StartAsync(app => app.MapGet("/", async () =>
        {
            if (Interlocked.Increment(ref served) == 50)
            {
                EpollReactor.InjectFailureInEach();
            }

            // Slow enough that the users' reads are parked on the loops when they die.
            await Task.Delay(10);
            return "hello";
        }));

        // A timeout longer than the whole run: a connection left hanging by its dead loop would not be rescued by it.
        var options = LoadOptions.Closed(connections: 4, TimeSpan.FromSeconds(3)) with { Timeout = TimeSpan.FromSeconds(60) };
        var result = (await new LoadRunner(HttpTargets.Create(target.Uri, options), options).RunAsync()).Result;

        Assert.True(result.ErrorKinds.GetValueOrDefault(ErrorKinds.Engine) >= 1, string.Join(", ", result.ErrorKinds));
        Assert.Equal(0, result.ErrorKinds.GetValueOrDefault(ErrorKinds.Timeout));
        Assert.Contains(result.Warnings, w => w.Contains("generator itself failed", StringComparison.Ordinal) && w.Contains("event loop", StringComparison.Ordinal));
        // The users carried on over new loops: most requests succeeded, far more than the 50 before the failure.
        Assert.True(result.StatusCodes.GetValueOrDefault("200") > 100, $"200s: {result.StatusCodes.GetValueOrDefault("200")}");
        Assert.False(result.Interrupted);
    }
}
