namespace ScaleLab.Core.Scaling;

/// <summary>What a <c>scale</c> experiment says about adding machines or cores.</summary>
/// <param name="Kind"><c>linear</c>, <c>sub-linear</c> or <c>retrograde</c>.</param>
/// <param name="Cause"><c>contention</c>, <c>coherency</c>, <c>saturation</c> or <c>none</c>.</param>
/// <param name="Bottleneck">The tier that saturates first, <c>coordination</c> when none does and efficiency still falls, or null.</param>
/// <param name="Summary">One sentence, in the seed article's words where they fit.</param>
/// <param name="Advice">What to do about it.</param>
public sealed record ScaleVerdict(string Kind, string Cause, string? Bottleneck, string Summary, string Advice);
