namespace ScaleLab.Load.Flows;

/// <summary>How long a virtual user's cookies and extracted variables last.</summary>
public enum FlowSession
{
    /// <summary>One iteration: each starts with an empty cookie jar, as a new visitor would (k6's default).</summary>
    Iteration,

    /// <summary>All the virtual user's iterations: log in once and keep the session (Locust's way).</summary>
    User,
}
