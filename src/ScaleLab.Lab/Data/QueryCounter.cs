namespace ScaleLab.Lab.Data;

/// <summary>Database statements run on behalf of one request (or one background job): the "queries per request" of /metrics.</summary>
internal sealed class QueryCounter
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Called once per statement; the feed's scatter runs statements in parallel, hence the interlocked add.</summary>
    public void Increment() => Interlocked.Increment(ref _count);
}
