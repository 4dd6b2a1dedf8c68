namespace ScaleLab.Load.Requests;

/// <summary>
/// What a response must be (<c>expect</c> of a request in a mix or a flow): every condition given is one check,
/// counted in <c>checks</c> as passed or failed. A failed check is not an error: a 200 whose body lacks a field is a
/// successful request with a failed check.
/// </summary>
/// <example>
/// <code>
/// var expect = new ResponseExpectation
/// {
///     Status = ["2xx"],
///     BodyContains = "\"posts\"",
///     Json = new Dictionary&lt;string, string&gt; { ["$.userId"] = "42" },
///     Header = new Dictionary&lt;string, string&gt; { ["Content-Type"] = "^application/json" },
/// };
/// </code>
/// </example>
public sealed record ResponseExpectation
{
    /// <summary>The statuses that pass: codes ("200") or classes ("2xx"); any one of them passes. Null: not checked.</summary>
    public IReadOnlyList<string>? Status { get; init; }

    /// <summary>Text the body must contain (ordinal). Null: not checked.</summary>
    public string? BodyContains { get; init; }

    /// <summary>
    /// JSON path ("$.user.id", "user.id", "posts[0].id") to the value expected there, as text: a string's value, or
    /// a number's, true's, false's or null's JSON text ("42" matches 42 and 42.0).
    /// </summary>
    public IReadOnlyDictionary<string, string>? Json { get; init; }

    /// <summary>Header name to a regular expression one of its values must match.</summary>
    public IReadOnlyDictionary<string, string>? Header { get; init; }
}
