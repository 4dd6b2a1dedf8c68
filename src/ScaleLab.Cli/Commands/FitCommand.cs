using System.CommandLine;
using System.Globalization;
using ScaleLab.Cli.Output;
using ScaleLab.Cli.Plots;
using ScaleLab.Core.Results;
using ScaleLab.Core.Scalability;
using ScaleLab.Core.Units;

namespace ScaleLab.Cli.Commands;

/// <summary><c>scalelab fit FILE</c>: USL, Amdahl and linear fits of measured (N, throughput) points.</summary>
internal static class FitCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file")
        {
            Description = "A CSV with a header (N and throughput are the first two columns) or a ScaleLab JSON result with steps",
        };
        var nColumn = new Option<string?>("--n") { Description = "The column (name or 1-based number) or JSON field holding N" };
        var xColumn = new Option<string?>("--x") { Description = "The column (name or 1-based number) or JSON field holding throughput" };
        var sigma = new Option<double?>("--sigma") { Description = "What-if: replace contention σ (0 to 1), e.g. 0 to remove a lock" };
        var kappa = new Option<double?>("--kappa") { Description = "What-if: replace coherency κ (0 to 1), e.g. 0 to remove a broadcast" };
        var lambda = new Option<double?>("--lambda") { Description = "What-if: replace λ, the throughput of one unit of load" };
        var predict = new Option<string?>("--predict") { Description = "Predict throughput and latency at these loads, e.g. 64,128" };
        var latencyTarget = new Option<string?>("--latency-target")
        {
            Description = "The largest load and throughput that keep N/X(N) under this latency, e.g. 200ms (throughput per second)",
        };
        var plot = new Option<string?>("--plot") { Description = "Draw the fit to FILE.svg or FILE.png" };
        var json = new Option<string?>("--json") { Description = "Write the result as JSON to FILE" };
        var report = ReportFile.CreateOption();

        var command = new Command("fit", "Fit the Universal Scalability Law and Amdahl's law to measured (N, throughput) points")
        {
            file, nColumn, xColumn, sigma, kappa, lambda, predict, latencyTarget, plot, json, report,
        };

        command.SetAction(result => Run(Options(result)));
        return command;

        FitOptions Options(ParseResult result) => new(
            result.GetValue(file)!,
            result.GetValue(nColumn),
            result.GetValue(xColumn),
            result.GetValue(sigma),
            result.GetValue(kappa),
            result.GetValue(lambda),
            ParseLoads(result.GetValue(predict)),
            ParseLatency(result.GetValue(latencyTarget)),
            PlotPath(result.GetValue(plot)),
            result.GetValue(json),
            result.GetValue(report));
    }

    private sealed record FitOptions(
        string File,
        string? NColumn,
        string? XColumn,
        double? Sigma,
        double? Kappa,
        double? Lambda,
        IReadOnlyList<double> Predict,
        TimeSpan? LatencyTarget,
        string? Plot,
        string? Json,
        string? Report);

    private static int Run(FitOptions options)
    {
        var startedAt = TimeProvider.System.GetUtcNow();
        ValidateWhatIf(options);
        if (options.Plot is { } plot)
        {
            ResultFile.CheckWritable(plot, "--plot");
        }

        if (options.Json is { } json)
        {
            ResultFile.CheckWritable(json, "--json");
        }

        if (options.Report is { } report)
        {
            ReportFile.CheckWritable(report);
        }

        var text = InputFile.Read(options.File, "the data file");
        ScalabilityData data;
        ScalabilityAnalysis analysis;
        try
        {
            data = ScalabilityDataParser.Parse(text, options.NColumn, options.XColumn);
            analysis = ScalabilityAnalyzer.Analyze(data.Points);
        }
        catch (ScalabilityDataException ex)
        {
            throw new UsageException($"{options.File}: {ex.Message}");
        }

        var predictions = options.Predict.Select(analysis.Predict).ToArray();
        if (predictions.FirstOrDefault(p => !double.IsFinite(p.LatencyMs) || !double.IsFinite(p.Throughput) || p.Throughput <= 0) is { } overflow)
        {
            // Far enough out, X(N) underflows to 0 and N/X(N) to infinity: no number to print or write into the JSON.
            throw new UsageException(
                $"--predict {Format(overflow.N)}: too large for the fitted model to compute (X(N) rounds to 0); predict nearer the measured loads (up to {Format(data.Points.Max(p => p.N))})");
        }

        var capacity = options.LatencyTarget is { } target ? analysis.Usl.AtLatencyTarget(target) : null;
        WhatIfComparison? whatIf = null;
        if (options.Sigma is not null || options.Kappa is not null || options.Lambda is not null)
        {
            whatIf = WhatIfComparison.Compare(analysis.Usl.Model, options.Sigma, options.Kappa, options.Lambda, WhatIfLoads(analysis, options.Predict));
        }

        var source = new FitSource(options.File, data.Format, data.NColumn, data.ThroughputColumn, data.Points.Count, data.Notes);
        var result = FitResult.Create(
            ResultHeader.Create("fit", startedAt, CommandLine.Current()),
            source,
            analysis,
            predictions.Length > 0 ? predictions : null,
            capacity,
            whatIf);

        FitConsoleReport.Write(result, analysis);

        if (options.Plot is { } plotPath)
        {
            var image = Render(plotPath, analysis, source, predictions);
            ResultFile.WriteAtomically(plotPath, stream => stream.Write(image));
            Console.WriteLine($"plot written to {plotPath}");
        }

        if (options.Json is { } jsonPath)
        {
            ResultFile.WriteJson(jsonPath, result);
            Console.WriteLine($"result written to {jsonPath}");
        }

        if (options.Report is { } reportPath)
        {
            ReportFile.Write(reportPath, result, options.Json);
            Console.WriteLine($"report written to {reportPath}");
        }

        return ExitCodes.Success;
    }

    /// <summary>At most eight measured loads, spread from the smallest to the largest, then the peak and the predictions.</summary>
    private static IEnumerable<double> WhatIfLoads(ScalabilityAnalysis analysis, IReadOnlyList<double> predict)
    {
        const int measured = 8;
        var loads = analysis.Points.Select(p => p.N).Distinct().Order().ToArray();
        var spread = loads.Length <= measured
            ? loads
            : Enumerable.Range(0, measured).Select(i => loads[(int)Math.Round(i * (loads.Length - 1) / (measured - 1.0))]);
        var peak = analysis.Usl.PeakConcurrencyFloor is { } floor ? [floor] : Array.Empty<double>();
        return spread.Concat(peak).Concat(predict);
    }

    private static void ValidateWhatIf(FitOptions options)
    {
        if (options.Sigma is { } s && !(s >= 0 && s <= 1))
        {
            throw new UsageException($"--sigma {Format(s)}: σ lies between 0 and 1");
        }

        if (options.Kappa is { } k && !(k >= 0 && k <= 1))
        {
            throw new UsageException($"--kappa {Format(k)}: κ lies between 0 and 1");
        }

        if (options.Lambda is { } l && !(l > 0 && double.IsFinite(l)))
        {
            throw new UsageException($"--lambda {Format(l)}: λ is a positive throughput");
        }
    }

    private static IReadOnlyList<double> ParseLoads(string? text)
    {
        if (text is null)
        {
            return [];
        }

        var loads = new List<double>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || !(n > 0) || !double.IsFinite(n))
            {
                throw new UsageException($"--predict: '{part}' is not a positive load (use e.g. --predict 64,128)");
            }

            loads.Add(n);
        }

        return loads.Count > 0 ? loads : throw new UsageException("--predict: give at least one load, e.g. --predict 64,128");
    }

    private static TimeSpan? ParseLatency(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (!DurationParser.TryParse(text, out var duration, out var error))
        {
            throw new UsageException($"--latency-target: {error}");
        }

        return duration > TimeSpan.Zero ? duration : throw new UsageException("--latency-target: the target must be above 0");
    }

    private static string? PlotPath(string? path)
    {
        if (path is null)
        {
            return null;
        }

        var extension = Path.GetExtension(path).ToLowerInvariant();
        return extension is ".svg" or ".png"
            ? path
            : throw new UsageException($"--plot {path}: the file name must end in .svg or .png");
    }

    private static byte[] Render(string path, ScalabilityAnalysis analysis, FitSource source, IReadOnlyList<FitPrediction> predictions)
    {
        try
        {
            return UslPlot.Render(path, analysis, source, predictions);
        }
        catch (Exception ex) when (ex is TypeInitializationException or DllNotFoundException)
        {
            // SkiaSharp's native library ships in the package for Linux, macOS and Windows; a platform without it
            // gets one line, not a stack trace.
            throw new UsageException($"cannot draw {path}: the native graphics library (SkiaSharp) did not load: {FirstLine((ex.InnerException ?? ex).Message)}");
        }
    }

    private static string Format(double value) => value.ToString("G", CultureInfo.InvariantCulture);

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
