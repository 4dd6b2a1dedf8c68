using ScaleLab.Load.Engine;
using ScaleLab.Load.Http1;
using ScaleLab.Load.Requests;
using ScaleLab.Load.Tests.Support;

namespace ScaleLab.Load.Tests.Http1;

public sealed class Http1ClientTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Execute_ResponseArrivesWhileIdle_FailsTheNextRequestAsUnsolicitedAndReconnects()
    {
        await using var server = HostileServer.Start(HostileMode.ExtraResponseLater);
        var factory = new Http1ClientFactory(RequestMix.Single(server.Uri), seed: 1);
        await factory.ProbeAsync(Deadline, CancellationToken.None);
        await using var client = factory.CreateClient(0, CancellationToken.None);

        var first = await client.ExecuteAsync();
        await WaitUntilAsync(() => server.ExtraResponses >= 1);
        var second = await client.ExecuteAsync();
        var third = await client.ExecuteAsync();

        Assert.Equal(OperationResult.Success(200, 2), first);
        // The 204 came with no request outstanding: the next request must not take it for its answer.
        Assert.Equal(OperationResult.Failure(ErrorKinds.Unsolicited), second);
        // A new connection, and a real answer again.
        Assert.Equal(OperationResult.Success(200, 2), third);
        Assert.Equal(3, server.Accepted); // the probe's, the first connection, the new one
    }

    [Fact]
    public async Task Execute_StatusLineAndThenBadHeader_CountsMalformedWithoutAStatus()
    {
        await using var server = HostileServer.Start(HostileMode.MalformedHeader);
        var factory = new Http1ClientFactory(RequestMix.Single(server.Uri), seed: 1);
        await factory.ProbeAsync(Deadline, CancellationToken.None);
        await using var client = factory.CreateClient(0, CancellationToken.None);

        var result = await client.ExecuteAsync();

        Assert.Equal(OperationResult.Failure(ErrorKinds.Malformed), result);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the server never sent its extra response");
            await Task.Delay(10);
        }
    }
}
