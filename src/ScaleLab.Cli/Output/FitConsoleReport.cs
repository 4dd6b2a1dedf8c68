using System.Globalization;
using ScaleLab.Cli.Plots;
using ScaleLab.Core.Scalability;
using Spectre.Console;

namespace ScaleLab.Cli.Output;

/// <summary>Prints a <c>fit</c> result for people: coefficients, what they mean, every point, a chart, warnings.</summary>
internal static class FitConsoleReport
{
    public static void Write(FitResult result, ScalabilityAnalysis analysis, IAnsiConsole? console = null)
    {
        console ??= AnsiConsole.Console;
        var usl = analysis.Usl;
        var source = result.Source;
        console.MarkupLine($"[bold]Universal Scalability Law fit[/] of {Markup.Escape(source.File)}: {source.PointCount} points, " +
                           $"N = {Markup.Escape(source.NColumn)}, X = {Markup.Escape(source.ThroughputColumn)}");
        foreach (var note in source.Notes)
        {
            console.MarkupLine($"[grey]{Markup.Escape(note)}[/]");
        }

        console.WriteLine();
        console.Write(Coefficients(usl));
        console.Write(Summary(analysis));
        console.Write(Points(analysis));
        console.WriteLine();
        console.Write(UslTextChart.Render(analysis));
        console.WriteLine();

        if (result.Predictions is { Count: > 0 } predictions)
        {
            console.WriteLine();
            console.Write(Predictions(predictions, usl.ConfidenceLevel));
        }

        if (result.LatencyTarget is { } capacity)
        {
            console.WriteLine();
            console.MarkupLine(Markup.Escape(LatencyTarget(capacity)));
        }

        if (result.WhatIf is { } whatIf)
        {
            console.WriteLine();
            console.Write(WhatIf(whatIf, usl.Model));
        }

        if (result.Warnings.Count > 0)
        {
            console.WriteLine();
            foreach (var warning in result.Warnings)
            {
                console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning.Message)}");
            }
        }
    }

    private static Table Coefficients(UslFit usl)
    {
        var level = Percent(usl.ConfidenceLevel);
        var notes = usl.AtBound.Count > 0;
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("coefficient")
            .AddColumn(new TableColumn("estimate").RightAligned())
            .AddColumn(new TableColumn("std error").RightAligned())
            .AddColumn(new TableColumn($"{level} CI").RightAligned());
        if (notes)
        {
            table.AddColumn("");
        }

        AddRow("σ contention", usl.Sigma);
        AddRow("κ coherency", usl.Kappa);
        AddRow("λ ideal X(1)", usl.Lambda);
        return table;

        void AddRow(string name, ParameterEstimate estimate)
        {
            var cells = new List<string>
            {
                name,
                Number(estimate.Value),
                estimate.StandardError is { } e ? Number(e) : "-",
                estimate.ConfidenceInterval is { } ci ? Markup.Escape($"[{Number(ci.Lower)}, {Number(ci.Upper)}]") : "-",
            };
            if (notes)
            {
                cells.Add(estimate.AtBound ? "[yellow]at bound[/]" : "");
            }

            table.AddRow(cells.ToArray());
        }
    }

    private static Grid Summary(ScalabilityAnalysis analysis)
    {
        var usl = analysis.Usl;
        var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        grid.AddRow("[bold]peak[/]", usl.PeakConcurrency is { } peak
            ? Markup.Escape($"N* = {Number(peak)} (whole: {Number(usl.PeakConcurrencyFloor!.Value)}), X(N*) = {Number(usl.PeakThroughput!.Value)}")
            : "none: κ = 0, throughput keeps rising towards the Amdahl ceiling");
        grid.AddRow("[bold]Amdahl ceiling[/]", usl.AmdahlCeiling is { } ceiling
            ? Markup.Escape($"λ/σ = {Number(ceiling)}")
            : "none: σ = 0");
        var quality = $"R² = {usl.RSquared.ToString("0.0000", CultureInfo.InvariantCulture)}";
        if (usl.ResidualStandardError is { } rse)
        {
            quality += $", residual standard error {Number(rse)} on {usl.DegreesOfFreedom} degrees of freedom";
        }

        grid.AddRow("[bold]fit[/]", Markup.Escape(quality));
        var amdahl = analysis.Amdahl;
        grid.AddRow("[bold]Amdahl alone[/]", Markup.Escape(
            $"σ = {Number(amdahl.Model.Sigma)}, λ = {Number(amdahl.Model.Lambda)}, R² = {amdahl.RSquared.ToString("0.0000", CultureInfo.InvariantCulture)}"));
        grid.AddRow("[bold]preferred[/]", $"[green]{Name(analysis.Preferred)}[/]: {Markup.Escape(analysis.Comparison.Reason)}");
        return grid;
    }

    private static Table Points(ScalabilityAnalysis analysis)
    {
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn(new TableColumn("N").RightAligned())
            .AddColumn(new TableColumn("X").RightAligned())
            .AddColumn(new TableColumn("fitted").RightAligned())
            .AddColumn(new TableColumn("residual").RightAligned())
            .AddColumn(new TableColumn("efficiency").RightAligned())
            .AddColumn(new TableColumn("lost to contention").RightAligned())
            .AddColumn(new TableColumn("lost to coherency").RightAligned());
        foreach (var point in analysis.Points)
        {
            var efficiency = Percent(point.Efficiency);
            table.AddRow(
                Number(point.N, 6),
                Number(point.Throughput, 6),
                Number(point.Fitted, 5),
                Number(point.Residual, 4),
                point.Efficiency > 1 ? $"[yellow]{efficiency}[/]" : efficiency,
                Percent(point.ContentionShare),
                Percent(point.CoherencyShare));
        }

        return table;
    }

    private static Table Predictions(IReadOnlyList<FitPrediction> predictions, double level)
    {
        var table = new Table().Border(TableBorder.Simple).Title("predictions (USL)")
            .AddColumn(new TableColumn("N").RightAligned())
            .AddColumn(new TableColumn("X(N)").RightAligned())
            .AddColumn(new TableColumn($"{Percent(level)} band").RightAligned())
            .AddColumn(new TableColumn("R(N) = N/X").RightAligned())
            .AddColumn("");
        foreach (var p in predictions)
        {
            table.AddRow(
                Number(p.N),
                Number(p.Throughput),
                p.ThroughputInterval is { } band ? Markup.Escape($"{Number(band.Lower)} – {Number(band.Upper)}") : "-",
                Markup.Escape(Milliseconds(p.LatencyMs)),
                p.Extrapolated ? "[yellow]extrapolated[/]" : "");
        }

        return table;
    }

    private static string LatencyTarget(LatencyTargetCapacity capacity)
    {
        var target = Milliseconds(capacity.TargetMs);
        if (!capacity.Reachable)
        {
            return $"latency target {target}: not reachable, even one unit of load takes longer (1/λ)";
        }

        if (capacity.Unbounded)
        {
            return $"latency target {target}: met at every load (linear scaling, latency does not grow)";
        }

        var line = $"latency target {target}: up to N = {Number(capacity.MaxConcurrencyFloor!.Value)} " +
                   $"at X = {Number(capacity.Throughput!.Value)} (R = {Milliseconds(capacity.LatencyMs!.Value)})";
        if (capacity.BeyondPeak)
        {
            line += $"; past the peak, so run at N = {Number(capacity.BestConcurrency!.Value)} for X = {Number(capacity.BestThroughput!.Value)}";
        }

        return line;
    }

    private static Table WhatIf(WhatIfSection whatIf, UslModel baseline)
    {
        var changed = new List<string>();
        if (whatIf.Sigma != baseline.Sigma)
        {
            changed.Add($"σ = {Number(whatIf.Sigma)}");
        }

        if (whatIf.Kappa != baseline.Kappa)
        {
            changed.Add($"κ = {Number(whatIf.Kappa)}");
        }

        if (whatIf.Lambda != baseline.Lambda)
        {
            changed.Add($"λ = {Number(whatIf.Lambda)}");
        }

        var title = $"what if {(changed.Count > 0 ? string.Join(", ", changed) : "nothing changed")}: peak " +
                    (whatIf.PeakConcurrency is { } peak ? $"N* = {Number(peak)}, X = {Number(whatIf.PeakThroughput!.Value)}" : "none") +
                    (whatIf.AmdahlCeiling is { } ceiling ? $", ceiling {Number(ceiling)}" : "");
        var table = new Table().Border(TableBorder.Simple).Title(Markup.Escape(title))
            .AddColumn(new TableColumn("N").RightAligned())
            .AddColumn(new TableColumn("X fitted").RightAligned())
            .AddColumn(new TableColumn("X what-if").RightAligned())
            .AddColumn(new TableColumn("change").RightAligned());
        foreach (var point in whatIf.Points)
        {
            table.AddRow(Number(point.N), Number(point.Baseline), Number(point.WhatIf), Signed(point.Gain));
        }

        return table;
    }

    private static string Name(ScalabilityModelKind kind) => kind switch
    {
        ScalabilityModelKind.Usl => "USL",
        ScalabilityModelKind.Amdahl => "Amdahl",
        _ => "linear",
    };

    /// <summary><paramref name="digits"/> significant figures, plain notation where it reads well.</summary>
    internal static string Number(double value, int digits = 4)
    {
        var magnitude = Math.Abs(value);
        if (value == 0)
        {
            return "0";
        }

        if (magnitude >= 1e-4 && magnitude < 1e7)
        {
            var decimals = Math.Clamp(digits - 1 - (int)Math.Floor(Math.Log10(magnitude)), 0, 10);
            return Math.Round(value, decimals).ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture);
        }

        return value.ToString("0.###e+0", CultureInfo.InvariantCulture);
    }

    private static string Percent(double share) => (100 * share).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static string Signed(double share) => (share >= 0 ? "+" : "") + Percent(share);

    private static string Milliseconds(double ms) => !double.IsFinite(ms) ? "-"
        : ms >= 1000 ? Number(ms / 1000) + "s"
        : Number(ms) + "ms";
}
