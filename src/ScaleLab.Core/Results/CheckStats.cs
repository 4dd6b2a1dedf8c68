namespace ScaleLab.Core.Results;

/// <summary>How often one check (an <c>expect</c> of a request) held: <c>checks</c> {name: {passed, failed}} in a run result.</summary>
/// <param name="Passed">Responses on which the check held.</param>
/// <param name="Failed">Responses on which it did not; never counted as transport errors.</param>
public sealed record CheckStats(long Passed, long Failed);
