namespace ScaleLab.Core.Scalability;

/// <summary>
/// Efficiency, defined once: the share of linear scaling achieved at load N, X(N) / (N · X₁), where X₁ is the
/// throughput of a single user. 1 is linear; above 1 is super-linear (usually bad data).
/// </summary>
/// <remarks>
/// The two commands that report it differ only in the X₁ they divide by, and say which:
/// <list type="bullet">
/// <item><c>fit</c> (<see cref="FittedPoint.Efficiency"/>) takes the model's λ, the fitted one-user throughput: a
/// point's efficiency is measured against the fit's own line.</item>
/// <item><c>diagnose</c> (<c>DiagnoseStep.Efficiency</c>) takes the best throughput per user that any step measured
/// (<c>DiagnoseStep.OneUserThroughput</c>): it needs no fit, and a one-user step slowed by something else does not
/// inflate every other step's efficiency.</item>
/// </list>
/// </remarks>
public static class ScalingEfficiency
{
    /// <summary>X(N) / (N · X₁); NaN or infinity when <paramref name="n"/> or <paramref name="oneUserThroughput"/> is 0.</summary>
    public static double Of(double n, double throughput, double oneUserThroughput) => throughput / (n * oneUserThroughput);
}
