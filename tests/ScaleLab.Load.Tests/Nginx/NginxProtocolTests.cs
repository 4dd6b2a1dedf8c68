using ScaleLab.Load.Engine;
using ScaleLab.Load.Http;
using ScaleLab.Load.Requests;
using ScaleLab.Load.Tests.Support;

namespace ScaleLab.Load.Tests.Nginx;

/// <summary>The engine against nginx over the protocols and addresses besides HTTP/1.1 on 127.0.0.1.</summary>
public sealed class NginxProtocolTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Run_Http2AgainstH2cNginx_EveryRequestSucceedsOverHttp2()
    {
        await using var nginx = await NginxServer.StartAsync(listenParameters: "http2");
        var options = LoadOptions.Closed(connections: 2, Bound) with { Requests = 200 };

        var result = (await new LoadRunner(HttpTargets.Create(RequestMix.Single(nginx.Uri), options, http2: true), options).RunAsync()).Result;

        var kinds = string.Join(", ", result.ErrorKinds.Select(k => $"{k.Key}: {k.Value}"));
        Assert.True(result.Errors == 0, $"errors: {kinds}");
        Assert.Equal(200, result.StatusCodes["200"]);
        Assert.Equal(200L * NginxServer.HelloBody.Length, result.BytesReceived);
        var log = await nginx.ReadAccessLogAsync(200);
        Assert.Equal(200, log.Count);
        Assert.All(log, entry => Assert.EndsWith("HTTP/2.0", entry.Request));
    }

    [Ipv6Fact]
    public async Task Run_Ipv6LiteralAgainstNginx_AnswersEveryRequest()
    {
        await using var nginx = await NginxServer.StartAsync(ipv6: true);
        Assert.StartsWith("http://[::1]:", nginx.Uri.ToString());
        var options = LoadOptions.Closed(connections: 2, Bound) with { Requests = 200 };

        var result = (await new LoadRunner(HttpTargets.Create(nginx.Uri, options), options).RunAsync()).Result;

        // nginx answered 400 to the unbracketed 'Host: ::1:PORT'.
        var kinds = string.Join(", ", result.ErrorKinds.Select(k => $"{k.Key}: {k.Value}"));
        Assert.True(result.Errors == 0, $"errors: {kinds}");
        Assert.Equal(200, result.StatusCodes["200"]);
    }
}
