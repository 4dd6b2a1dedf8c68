using System.Text;
using ScaleLab.Load.Http1;

namespace ScaleLab.Load.Tests.Http1;

public sealed class HttpResponseParserTests
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz";

    // Appended after each response in the split tests, so they also check that `consumed` stops exactly at the
    // end of the response and leaves the next one alone.
    private const string NextResponse = "HTTP/1.1 204 No Content\r\n\r\n";

    public static TheoryData<string, int, long, bool> Responses => new()
    {
        { "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 12\r\n\r\nhello world!", 200, 12, true },
        {
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5\r\nhello\r\n1A;name=value\r\n" + Alphabet + "\r\na ; ext\r\n0123456789\r\n"
            + "0\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n",
            200, 41, true
        },
        {
            "HTTP/1.1 100 Continue\r\n\r\n"
            + "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
            + "HTTP/1.1 201 Created\r\nContent-Length: 3\r\n\r\nabc",
            201, 3, true
        },
        { "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok", 200, 2, true },
        { "HTTP/1.1 404 \nContent-Length: 4\n\nnope", 404, 4, true },
        { "HTTP/1.1 204\r\nConnection: close\r\n\r\n", 204, 0, false },
    };

    [Theory]
    [MemberData(nameof(Responses))]
    public void Parse_ResponseSplitAtEveryPosition_ReturnsSameResponse(
        string raw, int statusCode, long bodyBytes, bool keepAlive)
    {
        var data = Bytes(raw + NextResponse);

        for (var split = 0; split <= data.Length; split++)
        {
            var parser = new HttpResponseParser();

            var (status, consumed) = Feed(parser, data, split);

            Assert.Equal(ParseStatus.Complete, status);
            Assert.Equal(raw.Length, consumed);
            Assert.Equal(statusCode, parser.StatusCode);
            Assert.Equal(bodyBytes, parser.BodyBytes);
            Assert.Equal(keepAlive, parser.KeepAlive);
        }
    }

    [Theory]
    [MemberData(nameof(Responses))]
    public void Parse_ResponseFedOneByteAtATime_ReturnsSameResponse(
        string raw, int statusCode, long bodyBytes, bool keepAlive)
    {
        var data = Bytes(raw + NextResponse);
        var parser = new HttpResponseParser();

        var (status, consumed) = Feed(parser, data, Enumerable.Range(1, data.Length - 1).ToArray());

        Assert.Equal(ParseStatus.Complete, status);
        Assert.Equal(raw.Length, consumed);
        Assert.Equal(statusCode, parser.StatusCode);
        Assert.Equal(bodyBytes, parser.BodyBytes);
        Assert.Equal(keepAlive, parser.KeepAlive);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK", 200)]
    [InlineData("HTTP/1.1 200 ", 200)]
    [InlineData("HTTP/1.1 200", 200)]
    [InlineData("HTTP/1.1 200 OK with several words", 200)]
    [InlineData("HTTP/1.0 404 Not Found", 404)]
    [InlineData("HTTP/1.1 503 Service Unavailable", 503)]
    [InlineData("HTTP/1.1 599 Custom", 599)]
    public void Parse_ValidStatusLine_ReturnsStatusCode(string statusLine, int expected)
    {
        var parser = new HttpResponseParser();

        var status = parser.Parse(Bytes(statusLine + "\r\nContent-Length: 0\r\n\r\n"), out _);

        Assert.Equal(ParseStatus.Complete, status);
        Assert.Equal(expected, parser.StatusCode);
    }

    [Theory]
    [InlineData("GARBAGE 200 OK")]
    [InlineData("")]
    [InlineData("http/1.1 200 OK")]
    [InlineData("HTTP/2 200 OK")]
    [InlineData("HTTP/1.x 200 OK")]
    [InlineData("HTTP/1.1")]
    [InlineData("HTTP/1.1 20 OK")]
    [InlineData("HTTP/1.1 2000 OK")]
    [InlineData("HTTP/1.1 099 Low")]
    [InlineData("HTTP/1.1 600 Beyond")]
    [InlineData("HTTP/1.1 999 Custom")]
    [InlineData("HTTP/1.1 abc OK")]
    [InlineData("HTTP/1.1  200 OK")]
    [InlineData("HTTP/1.1\t200 OK")]
    public void Parse_MalformedStatusLine_ReturnsMalformed(string statusLine)
    {
        var parser = new HttpResponseParser();

        var status = parser.Parse(Bytes(statusLine + "\r\nContent-Length: 0\r\n\r\n"), out _);

        Assert.Equal(ParseStatus.Malformed, status);
        Assert.False(string.IsNullOrEmpty(parser.Error));
        Assert.False(parser.KeepAlive);
    }

    [Fact]
    public void Parse_NonHttpBytesWithoutNewline_ReturnsMalformedAtOnce()
    {
        var parser = new HttpResponseParser();

        var status = parser.Parse(Bytes("<html><body>"), out _);

        Assert.Equal(ParseStatus.Malformed, status);
    }

    [Theory]
    [InlineData("Content-Length: 3")]
    [InlineData("content-length: 3")]
    [InlineData("CONTENT-LENGTH: 3")]
    [InlineData("cOnTeNt-LeNgTh:3")]
    [InlineData("Content-Length: \t 3 \t")]
    public void Parse_ContentLengthInAnyCaseAndSpacing_ReadsBody(string header)
    {
        var parser = new HttpResponseParser();

        var status = parser.Parse(Bytes("HTTP/1.1 200 OK\r\n" + header + "\r\n\r\nabc" + NextResponse), out var consumed);

        Assert.Equal(ParseStatus.Complete, status);
        Assert.Equal(3, parser.BodyBytes);
        Assert.Equal(19 + header.Length + 2 + 3, consumed);
    }

    [Fact]
    public void Parse_ZeroContentLength_CompletesWithoutBody()
    {
        const string head = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
        var parser = new HttpResponseParser();

        var status = parser.Parse(Bytes(head + NextResponse), out var consumed);

        Assert.Equal(ParseStatus.Complete, status);
        Assert.Equal(head.Length, consumed);
        Assert.Equal(0, parser.BodyBytes);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("+5")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("1.5")]
    [InlineData("5 5")]
    [InlineData("0x10")]
    [InlineData("5,")]
    [InlineData("9223372036854775808")]
    [InlineData("99999999999999999999999")]
    public void Parse_InvalidContentLength_ReturnsMalformed(string value)
    {
        var parser = new HttpResponseParser();

        var status = parser.Parse(Bytes($"HTTP/1.1 200 OK\r\nContent-Length: {value}\r\n\r\nabc"), out _);

        Assert.Equal(ParseStatus.Malformed, status);
        Assert.Contains("Content-Length", parser.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Content-Length: 5\r\nContent-Length: 6")]
    [InlineData("Content-Length: 5, 6")]
    public void Parse_ConflictingContentLengths_ReturnsMalformed(string headers)
    {
        var parser = new HttpResponseParser();

        var status = parser.Parse(Bytes($"HTTP/1.1 200 OK\r\n{headers}\r\n\r\nhello!"), out _);

        Assert.Equal(ParseStatus.Malformed, status);
    }

    [Theory]
    [InlineData("Content-Length: 5\r\nContent-Length: 5")]
    [InlineData("Content-Length: 5, 5")]
    [InlineData("Content-Length: 5,5")]
    public void Parse_RepeatedIdenticalContentLengths_ReadsBody(string headers)
    {
        var parser = new HttpResponseParser();

        var status = parser.Parse(Bytes($"HTTP/1.1 200 OK\r\n{headers}\r\n\r\nhello"), out _);

        Assert.Equal(ParseStatus.Complete, status);
        Assert.Equal(5, parser.BodyBytes);
    }

    [Fact]
    public void Parse_HundredMegabyteBodyIn64KiBReads_CountsEveryByte()
    {
        const long bodyLength = 100L * 1024 * 1024;
        var parser = new HttpResponseParser();
        var read = new byte[64 * 1024];
        var headStatus = parser.Parse(Bytes($"HTTP/1.1 200 OK\r\nContent-Length: {bodyLength}\r\n\r\n"), out _);

        var status = ParseStatus.NeedMoreData;
        var reads = 0;
        while (status == ParseStatus.NeedMoreData && reads < 2 * bodyLength / read.Length)
        {
            status = parser.Parse(read, out var consumed);
            Assert.Equal(read.Length, consumed);
            reads++;
        }

        Assert.Equal(ParseStatus.NeedMoreData, headStatus);
        Assert.Equal(ParseStatus.Complete, status);
        Assert.Equal(bodyLength / read.Length, reads);
        Assert.Equal(bodyLength, parser.BodyBytes);
    }

    [Fact]
    public void Parse_LargeChunkedBodyIn64KiBReads_CountsEveryByte()
    {
        const int chunkLength = 1024 * 1024;
        const int chunks = 100;
        var parser = new HttpResponseParser();
        var frame = new byte[8 + chunkLength + 2];
        Bytes("100000\r\n").CopyTo(frame, 0);
        Bytes("\r\n").CopyTo(frame, 8 + chunkLength);
        Assert.Equal(
            ParseStatus.NeedMoreData,
            parser.Parse(Bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"), out _));

        for (var i = 0; i < chunks; i++)
        {
            for (var offset = 0; offset < frame.Length; offset += 64 * 1024)
            {
                var read = frame.AsSpan(offset, Math.Min(64 * 1024, frame.Length - offset));
                Assert.Equal(ParseStatus.NeedMoreData, parser.Parse(read, out var consumed));
                Assert.Equal(read.Length, consumed);
            }
        }

        var status = parser.Parse(Bytes("0\r\n\r\n"), out _);

        Assert.Equal(ParseStatus.Complete, status);
        Assert.Equal((long)chunkLength * chunks, parser.BodyBytes);
    }

    [Fact]
    public void Parse_EndlessBody_KeepsNeedingMoreData()
    {
        var parser = new HttpResponseParser();
        var read = new byte[64 * 1024];
        parser.Parse(Bytes($"HTTP/1.1 200 OK\r\nContent-Length: {long.MaxValue}\r\n\r\n"), out _);

        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(ParseStatus.NeedMoreData, parser.Parse(read, out _));
        }

        Assert.Equal(1000L * read.Length, parser.BodyBytes);
    }

    [Theory]
    [InlineData("1A")]
    [InlineData("1a")]
    [InlineData("001a")]
    [InlineData("1a;name=value")]
    [InlineData("1a ; name")]
    [InlineData("1A;a=b;c=\"quoted; value\"")]
    public void Parse_ChunkSizeInAnyCaseWithExtensions_ReadsChunk(string sizeLine)
    {
        var parser = new HttpResponseParser();
        var raw = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + sizeLine + "\r\n" + Alphabet + "\r\n0\r\n\r\n";

        var status = parser.Parse(Bytes(raw), out _);

        Assert.Equal(ParseStatus.Complete, status);
        Assert.Equal(26, parser.BodyBytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("xyz")]
    [InlineData("-1a")]
    [InlineData(" 1a")]
    [InlineData("1a x")]
    [InlineData("0x1a")]
    [InlineData("1g")]
    public void Parse_MalformedChunkSize_ReturnsMalformed(string sizeLine)
    {
        var parser = new HttpResponseParser();
        var raw = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + sizeLine + "\r\n" + Alphabet + "\r\n0\r\n\r\n";

        var status = parser.Parse(Bytes(raw), out _);

        Assert.Equal(ParseStatus.Malformed, status);
        Assert.Equal("invalid chunk size", parser.Error);
    }

    [Theory]
    [InlineData("8000000000000000")]
    [InlineData("10000000000000000")]
    [InlineData("FFFFFFFFFFFFFFFFFFFFFFFF")]
    public void Parse_ChunkSizeOverflow_ReturnsMalformed(string sizeLine)
    {
        var parser = new HttpResponseParser();

        var status = parser.Parse(
            Bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + sizeLine + "\r\nabc"), out _);

        Assert.Equal(ParseStatus.Malformed, status);
        Assert.Equal("chunk size too large", parser.Error);
    }

    [Fact]
    public void Parse_LargestChunkSize_KeepsNeedingMoreData()
    {
        var parser = new HttpResponseParser();

        var status = parser.Parse(
            Bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7fffffffffffffff\r\nabc"), out _);

        Assert.Equal(ParseStatus.NeedMoreData, status);
        Assert.Equal(3, parser.BodyBytes);
    }

    [Theory]
    [InlineData("5\r\nhelloX\r\n0\r\n\r\n")]
    [InlineData("5\r\nhello\rX0\r\n\r\n")]
    [InlineData("5\r\nhello\r\r\n0\r\n\r\n")]
    public void Parse_ChunkDataNotFollowedByCrlf_ReturnsMalformed(string body)
    {
        var parser = new HttpResponseParser();

        var status = parser.Parse(Bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + body), out _);

        Assert.Equal(ParseStatus.Malformed, status);
    }

    [Fact]
    public void Parse_TrailerLineWithoutColon_ReturnsMalformed()
    {
        var parser = new HttpResponseParser();

        var status = parser.Parse(
            Bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nnot a trailer\r\n\r\n"), out _);

        Assert.Equal(ParseStatus.Malformed, status);
    }

    [Theory]
    [InlineData("Transfer-Encoding: chunked\r\nContent-Length: 100")]
    [InlineData("Content-Length: 100\r\nTransfer-Encoding: chunked")]
    public void Parse_ChunkedAndContentLength_ChunkedWins(string headers)
    {
        var parser = new HttpResponseParser();
        var raw = $"HTTP/1.1 200 OK\r\n{headers}\r\n\r\n3\r\nabc\r\n0\r\n\r\n";

        var status = parser.Parse(Bytes(raw + NextResponse), out var consumed);

        Assert.Equal(ParseStatus.Complete, status);
        Assert.Equal(raw.Length, consumed);
        Assert.Equal(3, parser.BodyBytes);
    }

    [Theory]
    [InlineData("Transfer-Encoding: chunked")]
    [InlineData("transfer-encoding: CHUNKED")]
    [InlineData("Transfer-Encoding: gzip, chunked")]
    [InlineData("Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked")]
    public void Parse_TransferEncodingEndingInChunked_ReadsChunkedBody(string headers)
    {
        var parser = new HttpResponseParser();

        var status = parser.Parse(Bytes($"HTTP/1.1 200 OK\r\n{headers}\r\n\r\n3\r\nabc\r\n0\r\n\r\n"), out _);

        Assert.Equal(ParseStatus.Complete, status);
        Assert.Equal(3, parser.BodyBytes);
        Assert.True(parser.KeepAlive);
    }

    [Theory]
    [InlineData("Transfer-Encoding: gzip")]
    [InlineData("Transfer-Encoding: chunked, gzip")]
    [InlineData("Transfer-Encoding: gzip\r\nContent-Length: 3")]
    public void Parse_TransferEncodingNotEndingInChunked_BodyDelimitedByClose(string headers)
    {
        var parser = new HttpResponseParser();

        var first = parser.Parse(Bytes($"HTTP/1.1 200 OK\r\n{headers}\r\n\r\nabc"), out _);
        var second = parser.Parse(Bytes("def"), out _);
        var end = parser.OnEndOfStream();

        Assert.Equal(ParseStatus.NeedMoreData, first);
        Assert.Equal(ParseStatus.NeedMoreData, second);
        Assert.Equal(ParseStatus.Complete, end);
        Assert.Equal(6, parser.BodyBytes);
        Assert.False(parser.KeepAlive);
    }

    [Theory]
    [InlineData("1.1", null, true)]
    [InlineData("1.1", "Connection: keep-alive", true)]
    [InlineData("1.1", "Connection: close", false)]
    [InlineData("1.1", "connection: CLOSE", false)]
    [InlineData("1.1", "Connection: Upgrade, close", false)]
    [InlineData("1.1", "Connection: keep-alive, close", false)]
    [InlineData("1.1", "Connection: keep-alive\r\nConnection: close", false)]
    [InlineData("1.1", "Connection: closed", true)]
    [InlineData("1.0", null, false)]
    [InlineData("1.0", "Connection: keep-alive", true)]
    [InlineData("1.0", "Connection: Keep-Alive", true)]
    [InlineData("1.0", "Connection: Upgrade ,\tkeep-alive ", true)]
    [InlineData("1.0", "Connection: close", false)]
    public void Parse_ConnectionHeader_DecidesKeepAlive(string version, string? connection, bool expected)
    {
        var parser = new HttpResponseParser();
        var headers = connection is null ? string.Empty : connection + "\r\n";

        var status = parser.Parse(Bytes($"HTTP/{version} 200 OK\r\n{headers}Content-Length: 2\r\n\r\nok"), out _);

        Assert.Equal(ParseStatus.Complete, status);
        Assert.Equal(expected, parser.KeepAlive);
    }

    [Fact]
    public void Parse_InterimResponsesBeforeFinal_SkipsToFinalInSameCall()
    {
        const string raw = "HTTP/1.1 100 Continue\r\n\r\n"
            + "HTTP/1.1 103 Early Hints\r\nLink: </app.js>; rel=preload\r\nContent-Length: 7\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
        var parser = new HttpResponseParser();

        var status = parser.Parse(Bytes(raw + NextResponse), out var consumed);

        Assert.Equal(ParseStatus.Complete, status);
        Assert.Equal(raw.Length, consumed);
        Assert.Equal(200, parser.StatusCode);
        Assert.Equal(2, parser.BodyBytes);
    }

    [Fact]
    public void Parse_InterimResponseOnly_NeedsMoreData()
    {
        var parser = new HttpResponseParser();
        var data = Bytes("HTTP/1.1 100 Continue\r\n\r\n");

        var status = parser.Parse(data, out var consumed);

        Assert.Equal(ParseStatus.NeedMoreData, status);
        Assert.Equal(data.Length, consumed);
        Assert.True(parser.HasStarted);
    }

    [Fact]
    public void Parse_SwitchingProtocols_CompletesWithoutBodyAndEndsKeepAlive()
    {
        const string head = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n";
        var parser = new HttpResponseParser();

        var status = parser.Parse(Bytes(head + "\u0081\u0002hi"), out var consumed);

        Assert.Equal(ParseStatus.Complete, status);
        Assert.Equal(head.Length, consumed);
        Assert.Equal(101, parser.StatusCode);
        Assert.False(parser.KeepAlive);
    }

    [Fact]
    public void Parse_HeadResponseWithContentLength_HasNoBody()
    {
        const string head = "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n";
        var parser = new HttpResponseParser();
        parser.Reset(isHeadRequest: true);

        var status = parser.Parse(Bytes(head + NextResponse), out var consumed);

        Assert.Equal(ParseStatus.Complete, status);
        Assert.Equal(head.Length, consumed);
        Assert.Equal(0, parser.BodyBytes);
        Assert.True(parser.KeepAlive);
    }

    [Theory]
    [InlineData(204)]
    [InlineData(304)]
    public void Parse_NoContentStatusWithContentLength_HasNoBody(int statusCode)
    {
        var head = $"HTTP/1.1 {statusCode} Status\r\nContent-Length: 10\r\n\r\n";
        var parser = new HttpResponseParser();

        var status = parser.Parse(Bytes(head + NextResponse), out var consumed);

        Assert.Equal(ParseStatus.Complete, status);
        Assert.Equal(head.Length, consumed);
        Assert.Equal(0, parser.BodyBytes);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nConnection: keep-alive\r\n\r\n")]
    [InlineData("HTTP/1.0 200 OK\r\n\r\n")]
    public void Parse_NoFramingHeaders_BodyDelimitedByClose(string head)
    {
        var parser = new HttpResponseParser();

        var first = parser.Parse(Bytes(head + "abc"), out _);
        var second = parser.Parse(Bytes("defg"), out var secondConsumed);
        var end = parser.OnEndOfStream();

        Assert.Equal(ParseStatus.NeedMoreData, first);
        Assert.Equal(ParseStatus.NeedMoreData, second);
        Assert.Equal(4, secondConsumed);
        Assert.Equal(ParseStatus.Complete, end);
        Assert.Equal(7, parser.BodyBytes);
        Assert.False(parser.KeepAlive);
    }

    [Theory]
    [InlineData("H")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Le")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n")]
    [InlineData("HTTP/1.1 100 Continue\r\n\r\n")]
    public void OnEndOfStream_MidResponse_ReturnsMalformed(string partial)
    {
        var parser = new HttpResponseParser();
        parser.Parse(Bytes(partial), out _);

        var status = parser.OnEndOfStream();

        Assert.Equal(ParseStatus.Malformed, status);
        Assert.True(parser.HasStarted);
        Assert.Equal("connection closed before the response was complete", parser.Error);
        Assert.False(parser.KeepAlive);
    }

    [Fact]
    public void OnEndOfStream_BeforeAnyByte_ReturnsMalformedWithoutStarting()
    {
        var parser = new HttpResponseParser();
        parser.Parse(ReadOnlySpan<byte>.Empty, out var consumed);

        var status = parser.OnEndOfStream();

        Assert.Equal(0, consumed);
        Assert.Equal(ParseStatus.Malformed, status);
        Assert.False(parser.HasStarted);
        Assert.NotNull(parser.Error);
    }

    [Fact]
    public void Parse_FirstByte_SetsHasStarted()
    {
        var parser = new HttpResponseParser();
        var before = parser.HasStarted;

        parser.Parse(Bytes("H"), out _);

        Assert.False(before);
        Assert.True(parser.HasStarted);
    }

    [Fact]
    public void Reset_AfterMalformedResponse_ClearsEveryResult()
    {
        var parser = new HttpResponseParser();
        var malformed = parser.Parse(
            Bytes("HTTP/1.1 500 Oops\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX"), out _);
        parser.Reset(isHeadRequest: false);
        var cleared = (parser.StatusCode, parser.BodyBytes, parser.HasStarted, parser.Error);

        var status = parser.Parse(Bytes("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"), out _);

        Assert.Equal(ParseStatus.Malformed, malformed);
        Assert.Equal((0, 0L, false, (string?)null), cleared);
        Assert.Equal(ParseStatus.Complete, status);
        Assert.Equal(404, parser.StatusCode);
    }

    [Fact]
    public void Parse_SeveralResponsesInOneRead_ParsesEachAfterReset()
    {
        var data = Bytes(
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"
            + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
            + "HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n"
            + "HTTP/1.1 503 Busy\r\nContent-Length: 2\r\nConnection: close\r\n\r\nno");
        (bool Head, int StatusCode, long BodyBytes, bool KeepAlive)[] expected =
        [
            (false, 200, 5, true),
            (false, 200, 3, true),
            (false, 304, 0, true),
            (true, 200, 0, true),
            (false, 503, 2, false),
        ];
        var parser = new HttpResponseParser();
        var offset = 0;

        foreach (var response in expected)
        {
            parser.Reset(response.Head);
            var status = parser.Parse(data.AsSpan(offset), out var consumed);
            offset += consumed;

            Assert.Equal(ParseStatus.Complete, status);
            Assert.Equal(response, (response.Head, parser.StatusCode, parser.BodyBytes, parser.KeepAlive));
        }

        Assert.Equal(data.Length, offset);
    }

    [Theory]
    [InlineData(0, false, true)]
    [InlineData(0, true, true)]
    [InlineData(1, false, false)]
    [InlineData(1, true, false)]
    public void Parse_HeaderSectionAtLimit_CompletesAndOneByteMoreIsMalformed(
        int extraBytes, bool splitInsideLongLine, bool completes)
    {
        const string start = "HTTP/1.1 200 OK\r\nX-Pad: ";
        const string end = "\r\nContent-Length: 0\r\n\r\n";
        var pad = new string('p', HttpResponseParser.MaxHeaderBytes - start.Length - end.Length + extraBytes);
        var data = Bytes(start + pad + end);
        var parser = new HttpResponseParser();

        var (status, _) = Feed(parser, data, splitInsideLongLine ? [start.Length + (pad.Length / 2)] : []);

        Assert.Equal(completes ? ParseStatus.Complete : ParseStatus.Malformed, status);
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1024)]
    [InlineData(1)]
    public void Parse_ManyHeadersBeyondLimit_ReturnsMalformedWithoutReadingOn(int readSize)
    {
        var builder = new StringBuilder("HTTP/1.1 200 OK\r\n");
        while (builder.Length <= 2 * HttpResponseParser.MaxHeaderBytes)
        {
            builder.Append("X-Filler: ").Append('f', 90).Append("\r\n");
        }

        var data = Bytes(builder.Append("Content-Length: 0\r\n\r\n").ToString());
        var parser = new HttpResponseParser();

        var (status, consumed) = Feed(parser, data, Cuts(data.Length, readSize));

        Assert.Equal(ParseStatus.Malformed, status);
        Assert.True(consumed <= HttpResponseParser.MaxHeaderBytes);
        Assert.Equal("response header section exceeds 64 KiB", parser.Error);
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1024)]
    public void Parse_HeaderLineWithoutEndBeyondLimit_ReturnsMalformed(int readSize)
    {
        var data = Bytes("HTTP/1.1 200 OK\r\nX-Endless: " + new string('x', 2 * HttpResponseParser.MaxHeaderBytes));
        var parser = new HttpResponseParser();

        var (status, _) = Feed(parser, data, Cuts(data.Length, readSize));

        Assert.Equal(ParseStatus.Malformed, status);
    }

    [Fact]
    public void Parse_TrailerSectionBeyondLimit_ReturnsMalformed()
    {
        var trailer = "X-Trailer: " + new string('t', HttpResponseParser.MaxHeaderBytes) + "\r\n";
        var parser = new HttpResponseParser();

        var status = parser.Parse(
            Bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n" + trailer + "\r\n"), out _);

        Assert.Equal(ParseStatus.Malformed, status);
        Assert.Equal("response trailer section exceeds 64 KiB", parser.Error);
    }

    [Theory]
    [InlineData("NoColonHere")]
    [InlineData(": value")]
    [InlineData("Content-Length : 2")]
    [InlineData("Content-Length\t: 2")]
    public void Parse_MalformedHeaderLine_ReturnsMalformed(string headerLine)
    {
        var parser = new HttpResponseParser();

        var status = parser.Parse(Bytes($"HTTP/1.1 200 OK\r\n{headerLine}\r\n\r\nok"), out _);

        Assert.Equal(ParseStatus.Malformed, status);
    }

    [Theory]
    [InlineData("Connection: keep-alive,\r\n close\r\nContent-Length: 2", true, false)]
    [InlineData("X-Long: first\r\n\tsecond\r\nContent-Length: 2", true, true)]
    [InlineData("Transfer-Encoding: gzip,\r\n chunked", true, true)]
    [InlineData("Content-Length: 2\r\n 2", false, false)]
    [InlineData(" Content-Length: 2", false, false)]
    public void Parse_FoldedHeaderLines_AreReadAsContinuations(string headers, bool completes, bool keepAlive)
    {
        var parser = new HttpResponseParser();
        var body = headers.Contains("chunked", StringComparison.Ordinal) ? "2\r\nok\r\n0\r\n\r\n" : "ok";

        var status = parser.Parse(Bytes($"HTTP/1.1 200 OK\r\n{headers}\r\n\r\n{body}"), out _);

        Assert.Equal(completes ? ParseStatus.Complete : ParseStatus.Malformed, status);
        Assert.Equal(keepAlive, parser.KeepAlive);
    }

    [Fact]
    public void Parse_SteadyState_DoesNotAllocate()
    {
        var parser = new HttpResponseParser();
        var contentLength = Bytes("HTTP/1.1 200 OK\r\nServer: lab\r\nCONNECTION: keep-alive\r\nContent-Length: 5\r\n\r\nhello");
        var chunked = Bytes(
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;x=y\r\nhello\r\n1A\r\n" + Alphabet + "\r\n0\r\nX-T: 1\r\n\r\n");

        void ParseBoth()
        {
            parser.Reset(isHeadRequest: false);
            parser.Parse(contentLength, out _);

            // Split inside a header line so the line buffer is used too.
            parser.Reset(isHeadRequest: false);
            parser.Parse(chunked.AsSpan(0, 40), out _);
            parser.Parse(chunked.AsSpan(40), out _);
        }

        ParseBoth();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            ParseBoth();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(ParseStatus.Complete, parser.Parse(ReadOnlySpan<byte>.Empty, out _));
        Assert.Equal(31, parser.BodyBytes);
        Assert.Equal(0, allocated);
    }

    private static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    private static int[] Cuts(int length, int readSize)
    {
        var cuts = new List<int>();
        for (var cut = readSize; cut < length && cut > 0; cut += readSize)
        {
            cuts.Add(cut);
        }

        return [.. cuts];
    }

    private static (ParseStatus Status, int Consumed) Feed(HttpResponseParser parser, byte[] data, params int[] cuts)
    {
        // Mimics the engine's read loop: each read is one Parse call, and a NeedMoreData read must be consumed whole.
        var start = 0;
        foreach (var end in cuts.Append(data.Length))
        {
            var status = parser.Parse(data.AsSpan(start, end - start), out var consumed);
            if (status != ParseStatus.NeedMoreData)
            {
                return (status, start + consumed);
            }

            Assert.Equal(end - start, consumed);
            start = end;
        }

        return (ParseStatus.NeedMoreData, start);
    }
}
