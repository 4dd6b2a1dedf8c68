using System.Text;
using System.Text.RegularExpressions;
using HdrHistogram;
using ScaleLab.Cli.Output;
using ScaleLab.Core.Results;

namespace ScaleLab.Cli.Tests.Output;

public sealed partial class HdrLogFileTests : IDisposable
{
    // 2026-11-29T16:30:07.250Z
    private static readonly DateTimeOffset StartedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_795_969_807_250);

    private readonly string _directory = Directory.CreateTempSubdirectory("scalelab-hdr-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Write_TwoIntervals_WritesAsciiLinesInTheLogFormat()
    {
        var path = Path.Combine(_directory, "run.hlog");

        Write(path, MakeIntervals());

        var bytes = File.ReadAllBytes(path);
        // ASCII, no byte-order mark, '\n' line ends: every byte printable or a newline.
        Assert.All(bytes, b => Assert.True(b == (byte)'\n' || b is >= 0x20 and < 0x7f, $"byte 0x{b:x2} is not a printable ASCII character"));
        var text = Encoding.ASCII.GetString(bytes);
        Assert.EndsWith("\n", text);
        var lines = text[..^1].Split('\n');
        Assert.Equal(6, lines.Length);
        Assert.Equal("#[Histogram log format version 1.3]", lines[0]);
        Assert.Equal("#[StartTime: 1795969807.250 (seconds since epoch), Sun Nov 29 16:30:07 UTC 2026]", lines[1]);
        Assert.Equal("#[BaseTime: 1795969807.250 (seconds since epoch)]", lines[2]);
        Assert.Equal("\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"", lines[3]);
        // Seconds since the base time, the interval's length, its max in milliseconds (values are microseconds).
        Assert.Matches(IntervalLine(), lines[4]);
        Assert.StartsWith("1.750,1.000,12.351,HISTF", lines[4]);
        Assert.Matches(IntervalLine(), lines[5]);
        Assert.StartsWith("Tag=slow,2.750,1.000,250.111,HISTF", lines[5]);
    }

    [Fact]
    public void Write_TwoIntervals_HdrHistogramReaderReadsThemBack()
    {
        var path = Path.Combine(_directory, "run.hlog");
        var intervals = MakeIntervals();

        Write(path, intervals);

        using var stream = File.OpenRead(path);
        using var reader = new HistogramLogReader(stream);
        var read = reader.ReadHistograms().ToList();
        Assert.Equal(2, read.Count);
        for (var i = 0; i < read.Count; i++)
        {
            Assert.Equal(intervals[i].TotalCount, read[i].TotalCount);
            Assert.Equal(intervals[i].GetMaxValue(), read[i].GetMaxValue());
            Assert.Equal(intervals[i].GetValueAtPercentile(50), read[i].GetValueAtPercentile(50));
            Assert.Equal(intervals[i].StartTimeStamp, read[i].StartTimeStamp);
            Assert.Equal(intervals[i].EndTimeStamp, read[i].EndTimeStamp);
            Assert.Equal(intervals[i].Tag, read[i].Tag);
        }

        Assert.Equal(StartedAt.UtcDateTime, reader.GetStartTime());
    }

    [Fact]
    public void Write_Interval_HistogramColumnIsTheRunResultsLatencyHistogram()
    {
        var path = Path.Combine(_directory, "run.hlog");
        var intervals = MakeIntervals();

        Write(path, intervals);

        // The same bytes in both places: a run result's latencyHistogram reads wherever an HdrHistogram log line does.
        var column = File.ReadAllLines(path)[4].Split(',')[^1];
        Assert.Equal(LatencyHistogramCodec.Encode(intervals[0]), column);
        var decoded = LatencyHistogramCodec.Decode(column);
        Assert.Equal(intervals[0].TotalCount, decoded.TotalCount);
        Assert.Equal(intervals[0].GetValueAtPercentile(99), decoded.GetValueAtPercentile(99));
    }

    private static void Write(string path, List<HistogramBase> intervals)
    {
        using var log = HdrLogFile.Create(path, StartedAt);
        foreach (var interval in intervals)
        {
            log.Append(interval);
        }

        log.Complete(StartedAt);
    }

    private static List<HistogramBase> MakeIntervals()
    {
        var first = new LongHistogram(3_600_000_000L, 3);
        first.RecordValue(1_000);
        first.RecordValue(2_000);
        first.RecordValue(12_351);
        first.StartTimeStamp = StartedAt.ToUnixTimeMilliseconds() + 1_750;
        first.EndTimeStamp = first.StartTimeStamp + 1_000;

        var second = new LongHistogram(3_600_000_000L, 3);
        second.RecordValueWithCount(5_000, 10);
        second.RecordValue(250_111);
        second.StartTimeStamp = first.EndTimeStamp;
        second.EndTimeStamp = second.StartTimeStamp + 1_000;
        second.Tag = "slow";
        return [first, second];
    }

    [GeneratedRegex(@"^(Tag=[^, \r\n]+,)?\d+\.\d{3},\d+\.\d{3},\d+\.\d{3},[A-Za-z0-9+/]+=*$")]
    private static partial Regex IntervalLine();
}
