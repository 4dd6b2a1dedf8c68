using HdrHistogram;

namespace ScaleLab.Cli.Output;

/// <summary>
/// Writes a run's interval histograms in HdrHistogram's own log format (version 1.2, compressed histograms), which
/// HdrHistogram's readers in every language, HistogramLogProcessor and ScaleLab's own merge can read and add up.
/// </summary>
internal static class HdrLogFile
{
    public static void Write(string path, DateTimeOffset startedAt, IReadOnlyList<HistogramBase> intervals) =>
        ResultFile.WriteAtomically(path, stream =>
        {
            using var writer = new HistogramLogWriter(stream);
            writer.Write(startedAt.UtcDateTime, [.. intervals]);
        });
}
