namespace ScaleLab.Load.Flows;

/// <summary>One step of a flow: an HTTP request (<see cref="HttpStep"/>) or code of the user's (<see cref="CodeStep"/>).</summary>
/// <param name="Name">The step's name: its row in <c>byName</c> and the prefix of its checks.</param>
public abstract record FlowStep(string Name)
{
    /// <summary>
    /// A pause before the step: its intended start is the previous step's end plus this pause (the iteration's
    /// intended start plus it, for the first step). Null: none.
    /// </summary>
    public ThinkTime? Think { get; init; }
}
