using System.Text;
using ScaleLab.Load.Http1;
using ScaleLab.Load.Requests;

namespace ScaleLab.Load.Tests.Http1;

public sealed class Http1RequestEncoderTests
{
    [Theory]
    [InlineData("http://[::1]:8080/", "[::1]:8080")]
    [InlineData("http://[::1]/", "[::1]")]
    [InlineData("http://[::1]:80/", "[::1]")]
    [InlineData("http://[fe80::1%25eth0]:8080/", "[fe80::1]:8080")]
    [InlineData("http://[2001:db8::7]:9000/x", "[2001:db8::7]:9000")]
    [InlineData("http://127.0.0.1:8080/", "127.0.0.1:8080")]
    [InlineData("http://localhost/", "localhost")]
    [InlineData("https://example.com:443/", "example.com")]
    [InlineData("https://example.com:8443/", "example.com:8443")]
    [InlineData("http://bücher.example:81/", "xn--bcher-kva.example:81")]
    public void HostHeaderFor_Url_IsTheAuthorityAsRfc9110SpellsIt(string url, string expected)
    {
        Assert.Equal(expected, Http1RequestEncoder.HostHeaderFor(new Uri(url)));
    }

    [Fact]
    public void Next_Ipv6Target_SendsBracketedHostHeader()
    {
        var uri = new Uri("http://[::1]:8080/items");
        var mix = RequestMix.Single(uri);
        var host = Http1RequestEncoder.HostHeaderFor(uri);
        var encoder = new Http1RequestEncoder(mix, host, new Random(1), Http1RequestEncoder.EncodeStatic(mix, host));

        var request = Encoding.ASCII.GetString(encoder.Next(out _, out _).Span);

        Assert.Equal("GET /items HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n", request);
    }

    [Fact]
    public void Next_TemplatedBody_ComputesContentLengthOfEachRenderedBody()
    {
        var uri = new Uri("http://127.0.0.1:8080/");
        var mix = RequestMix.Single(uri, "POST", [new("Content-Type", "text/plain")], "é{{randomItem a bbbbbbbbbb}}");
        var host = Http1RequestEncoder.HostHeaderFor(uri);
        var encoder = new Http1RequestEncoder(mix, host, new Random(1), Http1RequestEncoder.EncodeStatic(mix, host));

        for (var i = 0; i < 20; i++)
        {
            var request = Encoding.UTF8.GetString(encoder.Next(out _, out _).Span);
            var split = request.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            var body = request[(split + 4)..];
            Assert.Contains($"\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n", request[..(split + 2)]);
        }
    }
}
