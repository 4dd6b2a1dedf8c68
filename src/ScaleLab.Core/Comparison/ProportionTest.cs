using MathNet.Numerics.Distributions;

namespace ScaleLab.Core.Comparison;

/// <summary>The two-proportion z test (pooled), for error rates: k₁ of n₁ against k₂ of n₂.</summary>
public static class ProportionTest
{
    /// <summary>The two-sided p-value; 1 when either side has no trials or nothing differs.</summary>
    public static double PValue(long failures1, long trials1, long failures2, long trials2)
    {
        if (trials1 <= 0 || trials2 <= 0)
        {
            return 1;
        }

        var p1 = failures1 / (double)trials1;
        var p2 = failures2 / (double)trials2;
        var pooled = (failures1 + failures2) / (double)(trials1 + trials2);
        var variance = pooled * (1 - pooled) * (1.0 / trials1 + 1.0 / trials2);
        if (!(variance > 0))
        {
            return 1;
        }

        var z = Math.Abs(p1 - p2) / Math.Sqrt(variance);
        return Math.Min(1, 2 * (1 - Normal.CDF(0, 1, z)));
    }
}
