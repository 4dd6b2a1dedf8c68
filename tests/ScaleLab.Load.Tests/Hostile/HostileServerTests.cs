using System.Diagnostics;
using ScaleLab.Core.Results;
using ScaleLab.Load.Engine;
using ScaleLab.Load.Http;
using ScaleLab.Load.Tests.Support;

namespace ScaleLab.Load.Tests.Hostile;

/// <summary>
/// The engine against servers that break HTTP in the ways real ones do now and then: each run must end within its
/// duration plus its timeout, count every failure under the right kind, and never let an exception escape (an
/// exception out of <see cref="LoadRunner.RunAsync"/> fails these tests with its stack trace).
/// </summary>
public sealed class HostileServerTests
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    // Wide on purpose: the bound catches a run that hangs or waits out a hostile server, not a slow machine.
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(10);

    // For the servers that never finish a response: every request must end at this timeout.
    private static readonly LoadOptions Hanging = LoadOptions.Closed(connections: 2, Duration) with { Timeout = Timeout };

    // For the servers that fail each response at once. The longer timeout makes a timeout mean a real hang, not a
    // busy machine's pause; the short think time keeps the users from opening thousands of connections (and
    // filling the port range with TIME_WAIT) on a fast machine: at most about 2 x 100 x 2 s here.
    private static readonly LoadOptions FailFast = LoadOptions.Closed(connections: 2, Duration) with
    {
        Timeout = TimeSpan.FromSeconds(5),
        ThinkTime = TimeSpan.FromMilliseconds(10),
    };

    [Theory]
    [InlineData(HostileMode.Garbage, ErrorKinds.Malformed)]
    [InlineData(HostileMode.ResetMidHeaders, ErrorKinds.Reset)]
    [InlineData(HostileMode.CloseBeforeResponse, ErrorKinds.Closed)]
    [InlineData(HostileMode.MalformedHeader, ErrorKinds.Malformed)]
    [InlineData(HostileMode.StatusOutOfRange, ErrorKinds.Malformed)]
    public async Task Run_ServerFailsEveryResponseAtOnce_CountsEachFailureUnderItsKind(HostileMode mode, string kind)
    {
        await using var server = HostileServer.Start(mode);

        var (result, elapsed) = await RunAsync(server, FailFast);

        AssertEndedInTime(elapsed, FailFast);
        Assert.True(result.Requests > 2, $"expected the users to keep trying for {Duration}, got {result.Requests} requests");
        AssertEveryRequestFailedWith(kind, result);
        Assert.Empty(result.StatusCodes);
        // Each failure closed its connection, so the users had to reconnect (the probe is one more accept).
        Assert.True(server.Accepted > result.Requests, $"{server.Accepted} connections for {result.Requests} requests");
    }

    [Theory]
    [InlineData(HostileMode.EndlessBody)]
    [InlineData(HostileMode.OneByteASecond)]
    public async Task Run_ResponseNeverCompletes_CountsTimeoutsAndEndsAfterDurationPlusTimeout(HostileMode mode)
    {
        await using var server = HostileServer.Start(mode);

        var (result, elapsed) = await RunAsync(server, Hanging);

        AssertEndedInTime(elapsed, Hanging);
        // Every request is abandoned at the 1 s timeout: at least one per user, and no more than the window allows.
        Assert.InRange(result.Requests, 2, 2 * ((int)(Duration / Timeout) + 1));
        AssertEveryRequestFailedWith(ErrorKinds.Timeout, result);
        // Each abandoned request cost its connection: the next one started on a new connection (plus the probe's).
        Assert.True(server.Accepted > result.Requests, $"{server.Accepted} connections for {result.Requests} requests");
    }

    [Theory]
    [InlineData(HostileMode.EndlessBody)]
    [InlineData(HostileMode.OneByteASecond)]
    public async Task Run_OpenModelResponseNeverCompletes_CountsTimeoutsAndEndsAfterDurationPlusTimeout(HostileMode mode)
    {
        await using var server = HostileServer.Start(mode);
        var options = LoadOptions.Open(rate: 10, Duration) with { Timeout = Timeout, MaxConnections = 4 };

        var (result, elapsed) = await RunAsync(server, options);

        AssertEndedInTime(elapsed, options);
        Assert.True(result.Requests > 0);
        AssertEveryRequestFailedWith(ErrorKinds.Timeout, result);
        Assert.InRange(result.Connections, 1, 4);
        // 20 arrivals, 4 connections each held 1 s per request: the generator could not keep up, and must say so.
        Assert.True(result.Generator.MissedStarts > 0, "expected missed starts when every connection is stuck");
    }

    [Fact]
    public async Task Run_HundredMegabyteBody_CountsSuccessWithEveryByte()
    {
        await using var server = HostileServer.Start(HostileMode.HundredMegabyteBody);
        var options = LoadOptions.Closed(connections: 2, TimeSpan.FromSeconds(60)) with
        {
            Requests = 2,
            Timeout = TimeSpan.FromSeconds(30),
        };

        var (result, elapsed) = await RunAsync(server, options);

        AssertEndedInTime(elapsed, options);
        Assert.Equal(2, result.Requests);
        Assert.True(result.Errors == 0, $"errors: {string.Join(", ", result.ErrorKinds.Select(k => $"{k.Key}: {k.Value}"))}");
        Assert.Equal(2, result.StatusCodes["200"]);
        Assert.Equal(2 * HostileServer.HundredMegabytes, result.BytesReceived);
    }

    [Fact]
    public async Task Run_ExtraResponseAfterEachAnswer_CountsUnsolicitedAndNeverTakesItForAnAnswer()
    {
        await using var server = HostileServer.Start(HostileMode.ExtraResponse);

        var (result, elapsed) = await RunAsync(server, FailFast);

        AssertEndedInTime(elapsed, FailFast);
        var kinds = string.Join(", ", result.ErrorKinds.Select(k => $"{k.Key}: {k.Value}"));
        // The unasked 204 is never anyone's answer: every request got the 200 or was failed for the extra bytes.
        Assert.Equal(["200"], result.StatusCodes.Keys);
        Assert.True(result.ErrorKinds.Keys.SequenceEqual([ErrorKinds.Unsolicited]), $"errors: {kinds}");
        Assert.Equal(result.Requests, result.StatusCodes["200"] + result.Errors);
        // Each connection answers once and is then dropped for its extra bytes, so about every other request
        // fails; the two users' last requests may leave the count one short each.
        Assert.InRange(result.Errors, (result.Requests / 2) - 2, (result.Requests / 2) + 2);
        Assert.True(server.Accepted > result.Errors, $"{server.Accepted} connections for {result.Errors} dropped ones");
    }

    private static async Task<(RunResult Result, TimeSpan Elapsed)> RunAsync(HostileServer server, LoadOptions options)
    {
        var stopwatch = Stopwatch.StartNew();
        var measurement = await new LoadRunner(HttpTargets.Create(server.Uri, options), options).RunAsync();
        return (measurement.Result, stopwatch.Elapsed);
    }

    private static void AssertEveryRequestFailedWith(string kind, RunResult result)
    {
        var kinds = string.Join(", ", result.ErrorKinds.Select(k => $"{k.Key}: {k.Value}"));
        Assert.True(
            result.Errors == result.Requests && result.ErrorKinds.Keys.SequenceEqual([kind]),
            $"expected all {result.Requests} requests to fail with {kind}; errors {result.Errors} ({kinds})");
    }

    private static void AssertEndedInTime(TimeSpan elapsed, LoadOptions options)
    {
        var bound = options.Duration + options.Timeout + Margin;
        Assert.True(elapsed < bound, $"the run took {elapsed.TotalSeconds:0.0} s, more than {bound.TotalSeconds:0} s");
    }
}
