namespace ScaleLab.Core.Merging;

/// <summary>
/// One interval line of an HdrHistogram log, placed on absolute time: the log's base time plus the line's offset.
/// </summary>
/// <param name="Tag">The line's tag (<c>Tag=NAME,</c>; ScaleLab tags a request's name), or null for an untagged line.</param>
/// <param name="StartMs">The interval's start, in Unix milliseconds.</param>
/// <param name="EndMs">Its end, in Unix milliseconds.</param>
/// <param name="Histogram">The compressed histogram, base64, as the log holds it.</param>
public sealed record LoggedInterval(string? Tag, long StartMs, long EndMs, string Histogram);
