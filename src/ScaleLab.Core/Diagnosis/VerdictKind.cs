namespace ScaleLab.Core.Diagnosis;

/// <summary>What kind of problem a diagnosis found: the article's question, slow for every user or only under load.</summary>
public enum VerdictKind
{
    /// <summary>One user alone already breaks the objective: the code path itself is slow.</summary>
    Performance,

    /// <summary>One user is fine, but the objective breaks, or throughput stops growing, before the users to serve.</summary>
    Scalability,

    /// <summary>Slow for one user, and it gets worse under load.</summary>
    Both,

    /// <summary>The objective holds up to the users to serve, with an efficiency of 0.8 or more.</summary>
    Healthy,

    /// <summary>
    /// Most of one user's requests failed (a wrong URL, a port speaking another protocol, a target that never
    /// answers): the target does not work, so neither its speed nor its scaling can be judged.
    /// </summary>
    Failing,
}
