using ScaleLab.Load.Engine;

namespace ScaleLab.Load.Flows;

/// <summary>
/// A step of the user's own code inside a flow (a queue publish, a database call), measured as an HTTP step is:
/// its latency, its errors (<see cref="OperationResult.Failure"/>) and its row in <c>byName</c>.
/// </summary>
/// <param name="Name">The step's name.</param>
/// <param name="Action">The step; it reads and sets the virtual user's variables through the context, and must end when the token is cancelled (its timeout).</param>
public sealed record CodeStep(string Name, Func<FlowContext, CancellationToken, ValueTask<OperationResult>> Action) : FlowStep(Name)
{
    /// <summary>The variables the action may set, so that later steps' templates may use them.</summary>
    public IReadOnlyList<string> Sets { get; init; } = [];
}
