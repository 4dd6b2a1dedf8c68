using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace ScaleLab.Core.Scalability;

/// <summary>
/// Bounded least squares for the USL family: minimises Σ(Xᵢ − λNᵢ/(1 + σ(Nᵢ − 1) + κNᵢ(Nᵢ − 1)))² subject to
/// 0 ≤ σ ≤ 1, 0 ≤ κ ≤ 1, λ &gt; 0, and finds the global optimum, not just a local one.
/// </summary>
/// <remarks>
/// <para>
/// λ enters linearly: for fixed (σ, κ) the best λ has a closed form, so the problem is a smooth function of
/// (σ, κ) on the unit square (variable projection). A log-spaced grid over that square, scaled to the measured N,
/// finds every basin; MathNet's Levenberg–Marquardt then polishes the best few grid points.
/// </para>
/// <para>
/// Bounds are handled by an active set, not by MathNet's own bounded mode: MathNet maps a bounded parameter through
/// sin(), whose derivative vanishes on the bound, so a coefficient whose optimum is exactly 0 (κ = 0 is common:
/// no coherency delay) creeps towards it without arriving, and an unbounded λ has no finite upper limit to map.
/// Instead LM runs unconstrained; when it lands outside the box, it runs again with each violated coefficient
/// pinned to its bound (MathNet's <c>isFixed</c>), and the box's corners are evaluated directly. A constrained
/// optimum is an unconstrained one on the interior or on a face of the box (the KKT conditions), the grid starts
/// reach every basin, and the lowest residual sum of squares wins. On the <c>usl</c> package's data sets and on
/// random ones this matches, or beats, R's <c>nls(algorithm = "port")</c> as the package calls it.
/// </para>
/// </remarks>
internal static class UslSolver
{
    /// <summary>A feasible solution and its residual sum of squares (in the units of the y given).</summary>
    internal readonly record struct Solution(double Sigma, double Kappa, double Lambda, double Rss);

    private const int SigmaIndex = 0;
    private const int KappaIndex = 1;
    private const int LambdaIndex = 2;

    // Values this close to a bound are the bound: LM on a face stops within ~1e-12 of the optimum anyway.
    private const double BoundTolerance = 1e-10;

    // Grid density: 8 σ values and 6 κ values per decade keep neighbouring cells within ~35% of each other,
    // close enough that LM started from the best cell lands in the right basin; the whole grid costs < 1 ms
    // for 100 points.
    private const int SigmaStepsPerDecade = 8;
    private const int KappaStepsPerDecade = 6;
    private const int GridStarts = 3;

    /// <summary>Fits <paramref name="kind"/> to (<paramref name="n"/>, <paramref name="y"/>); y should be scaled to about 1.</summary>
    public static Solution Solve(double[] n, double[] y, ScalabilityModelKind kind)
    {
        if (kind == ScalabilityModelKind.Linear)
        {
            return Evaluate(n, y, 0, 0);
        }

        var maxN = n.Max();
        var sigmaGrid = SigmaGrid(maxN);
        var kappaGrid = kind == ScalabilityModelKind.Usl ? KappaGrid(maxN) : [0.0];

        var starts = GridMinima(n, y, sigmaGrid, kappaGrid);
        // R's usl package starts from σ = 0.01, κ = 0.0001: one more start that costs nothing.
        starts.Add(Evaluate(n, y, 0.01, kind == ScalabilityModelKind.Usl ? 1e-4 : 0));

        var best = starts.MinBy(s => s.Rss);
        foreach (var corner in Corners(kind))
        {
            best = Better(best, Evaluate(n, y, corner.Sigma, corner.Kappa));
        }

        var search = new FaceSearch(n, y, sigmaGrid[1], kappaGrid.Length > 1 ? kappaGrid[1] : 0);
        var open = kind == ScalabilityModelKind.Usl ? new Face(null, null) : new Face(null, 0);
        foreach (var start in starts)
        {
            best = Better(best, search.Descend(start, open));
        }

        return best;
    }

    /// <summary>The best λ for fixed σ and κ (closed form), and the residual sum of squares there.</summary>
    public static Solution Evaluate(double[] n, double[] y, double sigma, double kappa)
    {
        double sff = 0, syf = 0;
        for (var i = 0; i < n.Length; i++)
        {
            var f = n[i] / (1 + sigma * (n[i] - 1) + kappa * n[i] * (n[i] - 1));
            sff += f * f;
            syf += y[i] * f;
        }

        // Throughputs are non-negative and not all zero, so syf > 0; the guard keeps λ > 0 regardless.
        var lambda = syf > 0 && sff > 0 ? syf / sff : double.Epsilon;
        return new Solution(sigma, kappa, lambda, Rss(n, y, sigma, kappa, lambda));
    }

    public static double Rss(double[] n, double[] y, double sigma, double kappa, double lambda)
    {
        double rss = 0;
        for (var i = 0; i < n.Length; i++)
        {
            var r = y[i] - lambda * n[i] / (1 + sigma * (n[i] - 1) + kappa * n[i] * (n[i] - 1));
            rss += r * r;
        }

        return rss;
    }

    private static Solution Better(Solution a, Solution b) => b.Rss < a.Rss ? b : a;

    // σ matters once σ·N is about 0.001; κ once κ·N² is. Below that the grid's 0 stands for them.
    private static double[] SigmaGrid(double maxN) => LogGrid(Math.Min(1e-3, 1e-3 / maxN), SigmaStepsPerDecade);

    private static double[] KappaGrid(double maxN) => LogGrid(Math.Min(1e-3, 1e-3 / (maxN * maxN)), KappaStepsPerDecade);

    private static double[] LogGrid(double smallest, int stepsPerDecade)
    {
        var decades = -Math.Log10(smallest);
        var steps = (int)Math.Ceiling(decades * stepsPerDecade);
        var grid = new double[steps + 2];
        grid[0] = 0;
        for (var i = 0; i <= steps; i++)
        {
            grid[i + 1] = Math.Pow(10, -decades + i * decades / steps);
        }

        grid[^1] = 1;
        return grid;
    }

    /// <summary>The best few local minima of the profile RSS over the grid, best first.</summary>
    private static List<Solution> GridMinima(double[] n, double[] y, double[] sigmaGrid, double[] kappaGrid)
    {
        var rows = sigmaGrid.Length;
        var columns = kappaGrid.Length;
        var grid = new Solution[rows, columns];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                grid[i, j] = Evaluate(n, y, sigmaGrid[i], kappaGrid[j]);
            }
        }

        var minima = new List<Solution>();
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                if (IsLocalMinimum(grid, i, j))
                {
                    minima.Add(grid[i, j]);
                }
            }
        }

        minima.Sort((a, b) => a.Rss.CompareTo(b.Rss));
        return minima.Take(GridStarts).ToList();
    }

    private static bool IsLocalMinimum(Solution[,] grid, int i, int j)
    {
        var rss = grid[i, j].Rss;
        for (var di = -1; di <= 1; di++)
        {
            for (var dj = -1; dj <= 1; dj++)
            {
                var a = i + di;
                var b = j + dj;
                if ((di != 0 || dj != 0) && a >= 0 && b >= 0 && a < grid.GetLength(0) && b < grid.GetLength(1)
                    && grid[a, b].Rss < rss)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>A face of the box: which of σ and κ are pinned, and to what (null: free).</summary>
    private readonly record struct Face(double? Sigma, double? Kappa);

    private static (double Sigma, double Kappa)[] Corners(ScalabilityModelKind kind) => kind == ScalabilityModelKind.Usl
        ? [(0, 0), (1, 0), (0, 1), (1, 1)]
        : [(0, 0), (1, 0)];

    /// <summary>
    /// Levenberg–Marquardt on a face of the box, descending to a smaller face whenever the optimum found lies
    /// outside a bound: the constrained optimum then lies on that bound.
    /// </summary>
    private sealed class FaceSearch(double[] n, double[] y, double sigmaFloor, double kappaFloor)
    {
        private readonly Vector<double> _n = Vector<double>.Build.DenseOfArray(n);
        private readonly Vector<double> _y = Vector<double>.Build.DenseOfArray(y);

        /// <summary>The best feasible solution found from <paramref name="start"/> on <paramref name="face"/> or below it.</summary>
        public Solution Descend(Solution start, Face face)
        {
            var best = start;
            var point = Polish(start, face);
            if (point is null)
            {
                // LM diverged: try each bound the face leaves open.
                foreach (var smaller in Pinned(face, sigmaLow: true, sigmaHigh: true, kappaLow: true, kappaHigh: true))
                {
                    best = Better(best, Descend(start, smaller));
                }

                return best;
            }

            var (sigma, kappa) = (Snap(point.Value.Sigma), Snap(point.Value.Kappa));
            if (sigma >= 0 && sigma <= 1 && kappa >= 0 && kappa <= 1)
            {
                // λ is re-derived in closed form: exact for the (σ, κ) found, and always positive.
                var solution = Evaluate(n, y, sigma, kappa);
                return double.IsFinite(solution.Rss) ? Better(best, solution) : best;
            }

            foreach (var smaller in Pinned(face, sigma < 0, sigma > 1, kappa < 0, kappa > 1))
            {
                best = Better(best, Descend(start, smaller));
            }

            return best;
        }

        /// <summary>The faces one bound smaller than <paramref name="face"/>, for the bounds named; corners are evaluated apart.</summary>
        private static IEnumerable<Face> Pinned(Face face, bool sigmaLow, bool sigmaHigh, bool kappaLow, bool kappaHigh)
        {
            if (face.Sigma is not null || face.Kappa is not null)
            {
                yield break;
            }

            if (sigmaLow)
            {
                yield return face with { Sigma = 0 };
            }

            if (sigmaHigh)
            {
                yield return face with { Sigma = 1 };
            }

            if (kappaLow)
            {
                yield return face with { Kappa = 0 };
            }

            if (kappaHigh)
            {
                yield return face with { Kappa = 1 };
            }
        }

        /// <summary>Unconstrained LM with the face's pinned coefficients fixed; null when it diverges.</summary>
        private (double Sigma, double Kappa)? Polish(Solution start, Face face)
        {
            // A free coefficient starting exactly on 0 sits where its grid basin ends; start it at the first grid step.
            var sigma = face.Sigma ?? Math.Clamp(start.Sigma, sigmaFloor, 1);
            var kappa = face.Kappa ?? Math.Clamp(start.Kappa, kappaFloor, 1);
            var initial = Evaluate(n, y, sigma, kappa);
            var guess = Vector<double>.Build.DenseOfArray([initial.Sigma, initial.Kappa, initial.Lambda]);
            var isFixed = new List<bool> { face.Sigma is not null, face.Kappa is not null, false };

            var model = ObjectiveFunction.NonlinearModel(Model, Jacobian, _n, _y);
            var minimizer = new LevenbergMarquardtMinimizer(
                initialMu: 1e-3, gradientTolerance: 1e-15, stepTolerance: 1e-15, functionTolerance: 1e-30, maximumIterations: 400);
            try
            {
                var result = minimizer.FindMinimum(model, guess, lowerBound: null, upperBound: null, scales: ColumnScales(n, initial), isFixed: isFixed);
                var point = result.MinimizingPoint;
                return result.ReasonForExit == ExitCondition.InvalidValues || !double.IsFinite(point[SigmaIndex]) || !double.IsFinite(point[KappaIndex])
                    ? null
                    : (point[SigmaIndex], point[KappaIndex]);
            }
            catch (ArgumentException)
            {
                // MathNet rejects non-finite trial parameters: this start diverged.
                return null;
            }
            catch (ArithmeticException)
            {
                return null;
            }
        }
    }

    private static double Snap(double value)
    {
        if (Math.Abs(value) <= BoundTolerance)
        {
            return 0;
        }

        return Math.Abs(value - 1) <= BoundTolerance ? 1 : value;
    }

    /// <summary>
    /// Scales that make every Jacobian column of unit length at the start (Marquardt's scaling): κ is often
    /// 10⁻⁶ while λ is 10³, and MathNet damps with μI, which would otherwise favour one of them.
    /// </summary>
    private static Vector<double> ColumnScales(double[] n, Solution at)
    {
        var jacobian = Jacobian(Vector<double>.Build.DenseOfArray([at.Sigma, at.Kappa, at.Lambda]), Vector<double>.Build.DenseOfArray(n));
        var scales = new double[3];
        for (var j = 0; j < 3; j++)
        {
            var norm = jacobian.Column(j).L2Norm();
            scales[j] = norm > 0 && double.IsFinite(norm) ? 1 / norm : 1;
        }

        return Vector<double>.Build.DenseOfArray(scales);
    }

    private static Vector<double> Model(Vector<double> p, Vector<double> n)
    {
        var values = Vector<double>.Build.Dense(n.Count);
        for (var i = 0; i < n.Count; i++)
        {
            values[i] = p[LambdaIndex] * n[i] / (1 + p[SigmaIndex] * (n[i] - 1) + p[KappaIndex] * n[i] * (n[i] - 1));
        }

        return values;
    }

    internal static Matrix<double> Jacobian(Vector<double> p, Vector<double> n)
    {
        var jacobian = Matrix<double>.Build.Dense(n.Count, 3);
        for (var i = 0; i < n.Count; i++)
        {
            var d = 1 + p[SigmaIndex] * (n[i] - 1) + p[KappaIndex] * n[i] * (n[i] - 1);
            var x = p[LambdaIndex] * n[i] / (d * d);
            jacobian[i, SigmaIndex] = -x * (n[i] - 1);
            jacobian[i, KappaIndex] = -x * n[i] * (n[i] - 1);
            jacobian[i, LambdaIndex] = n[i] / d;
        }

        return jacobian;
    }
}
