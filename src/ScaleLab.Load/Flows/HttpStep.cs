using ScaleLab.Load.Requests;

namespace ScaleLab.Load.Flows;

/// <summary>
/// An HTTP request of a flow. The path, header values and body are templates: <c>{{randomInt 1 9}}</c>,
/// <c>{{uuid}}</c>, … and the virtual user's variables, <c>{{userId}}</c>. The user's cookies are sent with it and
/// the cookies of its response kept.
/// </summary>
/// <param name="Name">The step's name.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path and query, or a URL on the run's origin.</param>
public sealed record HttpStep(string Name, string Method, string Path) : FlowStep(Name)
{
    /// <summary>Extra headers (values may hold templates).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The body (may hold templates), or null.</summary>
    public string? Body { get; init; }

    /// <summary>The checks of the response; null: none.</summary>
    public ResponseExpectation? Expect { get; init; }

    /// <summary>Values taken from the response into variables for the later steps.</summary>
    public IReadOnlyList<Extraction> Extract { get; init; } = [];
}
