namespace ScaleLab.Load.Flows;

/// <summary>
/// A user flow: steps that each virtual user runs in order, again and again (closed model), or once per arrival
/// (open model). Read one from a file with <see cref="FlowFile.Parse"/>, or build one in code; run it with
/// <see cref="FlowTargets.Create"/>.
/// </summary>
/// <example>
/// <code>
/// var flow = new FlowDefinition
/// {
///     Steps =
///     [
///         new HttpStep("login", "POST", "/login")
///         {
///             Headers = [new("Content-Type", "application/json")],
///             Body = "{\"userId\": {{randomInt 1 1000}}}",
///             Expect = new ResponseExpectation { Status = ["200"] },
///             Extract = [new Extraction("userId", ExtractionSource.Json, "$.userId")],
///         },
///         new HttpStep("me", "GET", "/me") { Think = ThinkTime.Parse("200ms-1s") },
///         // Not HTTP: a queue publish, measured as a step of the same flow.
///         new CodeStep("publish", async (context, ct) =>
///         {
///             await queue.PublishAsync($"user {context["userId"]} was here", ct);
///             return OperationResult.Success();
///         }),
///     ],
/// };
/// var options = LoadOptions.Closed(connections: 10, TimeSpan.FromSeconds(30));
/// var measurement = await new LoadRunner(FlowTargets.Create(new Uri("http://127.0.0.1:8080/"), flow, options), options).RunAsync();
/// Console.WriteLine(measurement.Result.ByName["me"].LatencyMs.P99);
/// </code>
/// </example>
public sealed record FlowDefinition
{
    /// <summary>The steps, in the order each virtual user runs them.</summary>
    public required IReadOnlyList<FlowStep> Steps { get; init; }

    /// <summary>Rows of values (a CSV file) whose columns are variables of the steps' templates; null: none.</summary>
    public FlowData? Data { get; init; }

    /// <summary>How long a virtual user's cookies and extracted variables last: one iteration (the default) or all of them.</summary>
    public FlowSession Session { get; init; } = FlowSession.Iteration;
}
