namespace ScaleLab.Load.Flows;

/// <summary>A flow's data rows, shared by the run's virtual users, handed out in the asked order.</summary>
internal sealed class DataRows(FlowData data)
{
    private long _next;

    public FlowData Data => data;

    /// <summary>The next row, or false when <see cref="FlowDataOrder.Unique"/> rows are all used.</summary>
    public bool TryNext(Random random, out string[] row)
    {
        var rows = data.Rows;
        switch (data.Order)
        {
            case FlowDataOrder.Random:
                row = rows[random.Next(rows.Count)];
                return true;
            case FlowDataOrder.Unique:
                var index = Interlocked.Increment(ref _next) - 1;
                row = index < rows.Count ? rows[(int)index] : [];
                return index < rows.Count;
            default:
                row = rows[(int)((Interlocked.Increment(ref _next) - 1) % rows.Count)];
                return true;
        }
    }

    public string Exhausted => $"the data file's {data.Rows.Count} rows were all used (order unique): the window closed there, and the figures cover the time until then";
}
