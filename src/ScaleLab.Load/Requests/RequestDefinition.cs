namespace ScaleLab.Load.Requests;

/// <summary>One kind of request in a mix: what to send and how often, relative to the others.</summary>
/// <param name="Name">A label for messages.</param>
/// <param name="Weight">Relative frequency (any positive number).</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Target">The path and query (may hold templates), resolved against the run's URL.</param>
/// <param name="Headers">Extra headers (values may hold templates).</param>
/// <param name="Body">The body (may hold templates), or null.</param>
public sealed record RequestDefinition(
    string Name,
    double Weight,
    string Method,
    string Target,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string? Body)
{
    /// <summary>What the response must be; each condition is a check counted in <c>checks</c>. Null: no checks.</summary>
    public ResponseExpectation? Expect { get; init; }
}
