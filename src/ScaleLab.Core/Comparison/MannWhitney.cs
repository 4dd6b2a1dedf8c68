using MathNet.Numerics.Distributions;

namespace ScaleLab.Core.Comparison;

/// <summary>
/// The Mann-Whitney U test (Wilcoxon rank-sum), two-sided, computed as R's <c>wilcox.test(x, y)</c> does: the exact
/// distribution of U when both samples have fewer than 50 values and no ties; otherwise the normal approximation
/// with the tie correction and the continuity correction. The statistic reported is R's W, U of the first sample.
/// </summary>
/// <remarks>
/// Samples may be weighted: a value with a count stands for that many tied observations, so two latency
/// histograms are tested on every recorded value without expanding them (each bucket is one group of ties; its
/// average rank comes from the counts below it). That is exact for the values as recorded, at the histogram's
/// resolution.
/// </remarks>
public static class MannWhitney
{
    /// <summary>Below this many values per sample and without ties, the p-value is exact (R's limit).</summary>
    public const int ExactLimit = 50;

    /// <summary>Tests two plain samples.</summary>
    /// <exception cref="ArgumentException">A sample is empty or holds a value that is not finite.</exception>
    public static RankTestResult Test(IReadOnlyList<double> first, IReadOnlyList<double> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        return Test(first.Select(v => new WeightedValue(v, 1)).ToArray(), second.Select(v => new WeightedValue(v, 1)).ToArray());
    }

    /// <summary>Tests two weighted samples (histogram buckets: each value with its count).</summary>
    /// <exception cref="ArgumentException">A sample is empty, or holds a value that is not finite or a negative count.</exception>
    public static RankTestResult Test(IReadOnlyList<WeightedValue> first, IReadOnlyList<WeightedValue> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var n1 = Count(first, nameof(first));
        var n2 = Count(second, nameof(second));

        // One pass over the pooled, sorted values: each distinct value is a group of ties whose members all take
        // the group's average rank.
        var pooled = first.Where(v => v.Count > 0).Select(v => (v.Value, First: v.Count, Second: 0L))
            .Concat(second.Where(v => v.Count > 0).Select(v => (v.Value, First: 0L, Second: v.Count)))
            .GroupBy(v => v.Value)
            .Select(g => (Value: g.Key, First: g.Sum(v => v.First), Second: g.Sum(v => v.Second)))
            .OrderBy(g => g.Value)
            .ToArray();
        double below = 0;
        double rankSum = 0;
        double tieTerm = 0;
        var ties = false;
        foreach (var group in pooled)
        {
            double size = group.First + group.Second;
            rankSum += group.First * (below + (size + 1) / 2);
            tieTerm += size * size * size - size;
            ties |= size > 1;
            below += size;
        }

        var u = rankSum - n1 * (n1 + 1.0) / 2;
        if (n1 < ExactLimit && n2 < ExactLimit && !ties)
        {
            return new RankTestResult(u, ExactPValue(u, (int)n1, (int)n2), true, n1, n2);
        }

        // R: z = W − n₁n₂/2, σ² = n₁n₂/12 · ((n₁ + n₂ + 1) − Σ(t³ − t) / ((n₁ + n₂)(n₁ + n₂ − 1))), ±0.5 continuity.
        double n = n1 + (double)n2;
        var z = u - n1 * (double)n2 / 2;
        var variance = n1 * (double)n2 / 12 * (n + 1 - tieTerm / (n * (n - 1)));
        if (!(variance > 0))
        {
            // Every value tied: nothing tells the samples apart.
            return new RankTestResult(u, 1, false, n1, n2);
        }

        var corrected = (z - Math.Sign(z) * 0.5) / Math.Sqrt(variance);
        var p = 2 * Math.Min(Normal.CDF(0, 1, corrected), 1 - Normal.CDF(0, 1, corrected));
        return new RankTestResult(u, Math.Min(1, p), false, n1, n2);
    }

    /// <summary>
    /// The smallest two-sided p-value samples of these sizes can give (every value of one below every value of the
    /// other): with 3 runs against 3 it is 0.1, so no change can be shown at 0.05, however large.
    /// </summary>
    public static double SmallestPValue(int n1, int n2)
    {
        if (n1 < 1 || n2 < 1)
        {
            return 1;
        }

        if (n1 < ExactLimit && n2 < ExactLimit)
        {
            return ExactPValue(0, n1, n2);
        }

        return Test(Enumerable.Range(0, n1).Select(i => (double)i).ToArray(), Enumerable.Range(n1, n2).Select(i => (double)i).ToArray()).PValue;
    }

    private static long Count(IReadOnlyList<WeightedValue> sample, string name)
    {
        long total = 0;
        foreach (var value in sample)
        {
            if (!double.IsFinite(value.Value) || value.Count < 0)
            {
                throw new ArgumentException("every value must be finite and every count at least 0", name);
            }

            total += value.Count;
        }

        return total > 0 ? total : throw new ArgumentException("a sample needs at least one value", name);
    }

    /// <summary>R's exact two-sided p: twice the smaller tail at U, capped at 1.</summary>
    private static double ExactPValue(double u, int n1, int n2)
    {
        var distribution = Distribution(n1, n2);
        var total = distribution.Sum();
        var w = (int)Math.Round(u);
        double tail;
        if (w > n1 * n2 / 2.0)
        {
            // P(U ≥ w)
            tail = distribution.Skip(w).Sum() / total;
        }
        else
        {
            // P(U ≤ w)
            tail = distribution.Take(w + 1).Sum() / total;
        }

        return Math.Min(1, 2 * tail);
    }

    /// <summary>
    /// How many arrangements of n₁ + n₂ distinct values give each U from 0 to n₁n₂: f(i, j, u) = f(i − 1, j, u − j)
    /// + f(i, j − 1, u), kept one row of i at a time. Counts are doubles: C(98, 49) exceeds a long, and only ratios matter.
    /// </summary>
    private static double[] Distribution(int n1, int n2)
    {
        var size = n1 * n2 + 1;
        var previous = new double[n2 + 1][];
        for (var j = 0; j <= n2; j++)
        {
            previous[j] = new double[size];
            previous[j][0] = 1; // no values of the first sample: U = 0 in exactly one way
        }

        for (var i = 1; i <= n1; i++)
        {
            var current = new double[n2 + 1][];
            current[0] = new double[size];
            current[0][0] = 1; // no values of the second sample: U = 0
            for (var j = 1; j <= n2; j++)
            {
                var row = new double[size];
                var fromSecond = current[j - 1];
                var fromFirst = previous[j];
                // The largest value belongs to the first sample (it beats all j of the second) or to the second.
                for (var u = 0; u < size; u++)
                {
                    row[u] = fromSecond[u] + (u >= j ? fromFirst[u - j] : 0);
                }

                current[j] = row;
            }

            previous = current;
        }

        return previous[n2];
    }
}

/// <summary>A value observed <paramref name="Count"/> times (a histogram bucket).</summary>
/// <param name="Value">The value.</param>
/// <param name="Count">How many times it was observed.</param>
public readonly record struct WeightedValue(double Value, long Count);

/// <summary>The outcome of a two-sample rank test.</summary>
/// <param name="U">Mann-Whitney's U of the first sample (R's W): pairs in which the first sample's value is larger, ties counting half.</param>
/// <param name="PValue">The two-sided p-value.</param>
/// <param name="Exact">True when the p-value comes from the exact distribution, false for the normal approximation.</param>
/// <param name="FirstCount">Values in the first sample.</param>
/// <param name="SecondCount">Values in the second sample.</param>
public sealed record RankTestResult(double U, double PValue, bool Exact, long FirstCount, long SecondCount);
