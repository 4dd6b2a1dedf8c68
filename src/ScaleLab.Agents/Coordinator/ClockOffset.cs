using ScaleLab.Agents.Protocol;

namespace ScaleLab.Agents.Coordinator;

/// <summary>
/// How far an agent's wall clock is from the coordinator's, measured NTP-style: the agent's time against the middle
/// of the round trip, from the sample with the shortest round trip (the one whose middle is known best; the error is
/// at most half that round trip).
/// </summary>
/// <param name="OffsetMs">The agent's clock minus the coordinator's.</param>
/// <param name="RoundTripMs">The shortest round trip.</param>
/// <param name="Info">The agent's last answer.</param>
internal sealed record ClockOffset(double OffsetMs, double RoundTripMs, AgentInfo Info)
{
    /// <summary>Samples taken per agent: enough for one round trip without a scheduling hiccup on a busy machine.</summary>
    public const int Samples = 5;

    public static async Task<ClockOffset> MeasureAsync(AgentClient agent, TimeProvider time, CancellationToken cancellationToken)
    {
        ClockOffset? best = null;
        for (var i = 0; i < Samples; i++)
        {
            var t0 = (time.GetUtcNow() - DateTimeOffset.UnixEpoch).TotalMilliseconds;
            var sent = time.GetTimestamp();
            var info = await agent.InfoAsync(cancellationToken).ConfigureAwait(false);
            var rtt = time.GetElapsedTime(sent).TotalMilliseconds;
            var sample = new ClockOffset(info.NowUnixMs - (t0 + (rtt / 2)), rtt, info);
            if (best is null || sample.RoundTripMs < best.RoundTripMs)
            {
                best = sample;
            }
        }

        return best!;
    }
}
