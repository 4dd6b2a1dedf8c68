namespace ScaleLab.Load.Flows;

/// <summary>
/// A value taken from a response into a variable of the virtual user. One that finds nothing counts as a failed
/// check (<c>"step: extract NAME"</c>) and leaves the variable empty.
/// </summary>
/// <param name="Variable">The variable's name, used as <c>{{Variable}}</c> by later steps.</param>
/// <param name="Source">Where the value is taken from.</param>
/// <param name="Expression">A JSON path (<c>$.user.id</c>), a header name, or a regular expression (its first group, or the whole match).</param>
public sealed record Extraction(string Variable, ExtractionSource Source, string Expression);
