namespace ScaleLab.Load.Flows;

/// <summary>
/// Rows of values for a flow (a CSV file with a header row): each column is a variable of the steps' templates.
/// </summary>
/// <param name="Columns">The column names: the variables.</param>
/// <param name="Rows">The rows, each with a value per column.</param>
public sealed record FlowData(IReadOnlyList<string> Columns, IReadOnlyList<string[]> Rows)
{
    /// <summary>Whether a row is taken once per virtual user or at every iteration.</summary>
    public FlowDataScope Per { get; init; } = FlowDataScope.Iteration;

    /// <summary>How rows are taken: in order (wrapping), at random, or each at most once.</summary>
    public FlowDataOrder Order { get; init; } = FlowDataOrder.Sequential;

    /// <summary>Reads a CSV file (a header row, then rows; RFC 4180 quotes); throws <see cref="FormatException"/> with a one-line reason.</summary>
    public static FlowData FromCsv(string path) => CsvTable.Read(path);
}
