namespace ScaleLab.Agents.Protocol;

/// <summary>
/// One reporting interval an agent measured. <paramref name="Seq"/> counts from 0 on every agent, which all start
/// at one instant and take an interval each second: the coordinator adds the intervals of one seq together.
/// </summary>
/// <param name="Seq">The interval's number, from 0.</param>
/// <param name="StartUnixMs">Its start, agent's clock.</param>
/// <param name="EndUnixMs">Its end, agent's clock.</param>
/// <param name="Warmup">True during the warm-up (left out of the results).</param>
/// <param name="Requests">Requests that ended in it.</param>
/// <param name="Errors">Of those, the failed ones.</param>
/// <param name="LatencyHistogram">Its latencies (microseconds), <see cref="Core.Results.LatencyHistogramCodec"/>; null when none.</param>
/// <param name="CpuSeconds">The agent process's CPU time over the interval.</param>
/// <param name="Connections">Connections open at its end.</param>
/// <param name="StatusCodes">The measured window's responses by status code so far (cumulative, not this interval's).</param>
/// <param name="ErrorKinds">The measured window's errors by kind so far (cumulative).</param>
internal sealed record AgentInterval(
    long Seq,
    double StartUnixMs,
    double EndUnixMs,
    bool Warmup,
    long Requests,
    long Errors,
    string? LatencyHistogram,
    double CpuSeconds,
    int Connections,
    IReadOnlyDictionary<string, long>? StatusCodes = null,
    IReadOnlyDictionary<string, long>? ErrorKinds = null);
