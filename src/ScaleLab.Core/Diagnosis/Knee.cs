using static ScaleLab.Core.Diagnosis.DiagnosisText;

namespace ScaleLab.Core.Diagnosis;

/// <summary>
/// How many requests the target serves at once where throughput stops growing, by Little's law: the peak
/// throughput times one user's response time (N = X·R). A flat line at 8 concurrent requests, when the lab runs 2
/// replicas of 4 workers, is their pool; the number says what size of limit to look for, and whether more instances
/// would raise it depends on whether each instance has its own.
/// </summary>
/// <param name="Concurrency">The requests in service at once at the peak (peak throughput × one user's response time), one decimal.</param>
/// <param name="PeakThroughput">The best throughput measured, per second.</param>
/// <param name="PeakUsers">The users that reached it.</param>
/// <param name="OneUserMs">One user's response time, 1 / X(1), in milliseconds.</param>
internal sealed record Knee(double Concurrency, double PeakThroughput, int PeakUsers, double OneUserMs)
{
    /// <summary>The knee of the measured steps; null when one user got no throughput.</summary>
    public static Knee? Of(RampView view)
    {
        var oneUser = view.OneUserThroughput;
        if (!(oneUser > 0))
        {
            return null;
        }

        var peak = view.Measured.MaxBy(s => s.Throughput)!;
        return new Knee(Math.Round(peak.Throughput / oneUser, 1), peak.Throughput, peak.Concurrency, 1000 / oneUser);
    }

    /// <summary>The evidence line: the product and what it means.</summary>
    public string Evidence =>
        $"at the ceiling about {Number(Concurrency)} requests were in service at once (Little's law: {Rate(PeakThroughput)} × one user's {Ms(OneUserMs)}): " +
        $"past that, more users only queue, so something admits about {Number(Math.Round(Concurrency))} at a time";
}
