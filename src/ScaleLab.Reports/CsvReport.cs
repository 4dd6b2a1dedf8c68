using System.Text;
using ScaleLab.Core.Diagnosis;
using ScaleLab.Core.Planning;
using ScaleLab.Core.Results;
using ScaleLab.Core.Scalability;
using ScaleLab.Core.Scaling;
using ScaleLab.Reports.Text;

namespace ScaleLab.Reports;

/// <summary>
/// The series behind the charts as CSV, for a spreadsheet or another plot: a run's intervals, a diagnosis's or a scale
/// experiment's steps, a fit's points, a plan's cost curve (one row per machine count or size, both paths). The first
/// column names the file, so that several results of one kind stack in one table.
/// </summary>
public static class CsvReport
{
    /// <summary>The CSV; throws <see cref="ReportInputException"/> when the results are of different kinds (their columns differ).</summary>
    public static string Render(IReadOnlyList<ReportInput> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var kinds = inputs.Select(i => i.Result.Kind).Distinct().ToArray();
        if (kinds.Length > 1)
        {
            throw new ReportInputException($"--format csv takes results of one kind (given: {string.Join(", ", kinds)}); write one CSV per kind");
        }

        var csv = new StringBuilder();
        var headerWritten = false;
        foreach (var input in inputs)
        {
            var (header, rows) = Table(input.Result);
            if (!headerWritten)
            {
                csv.Append("source,").AppendJoin(',', header).Append('\n');
                headerWritten = true;
            }

            foreach (var row in rows)
            {
                csv.Append(Cell(input.Source)).Append(',').AppendJoin(',', row.Select(Cell)).Append('\n');
            }
        }

        return csv.ToString();
    }

    private static (string[] Header, IEnumerable<string[]> Rows) Table(ResultDocument result) => result switch
    {
        RunResult run => (
            ["t", "durationSeconds", "requests", "errors", "throughput", "p50Ms", "p90Ms", "p99Ms", "p999Ms", "maxMs", "rateAsked", "rateAchieved", "stage"],
            run.Intervals.Select(i => new[]
            {
                F(i.T), F(i.DurationSeconds), i.Requests.ToString(System.Globalization.CultureInfo.InvariantCulture), i.Errors.ToString(System.Globalization.CultureInfo.InvariantCulture),
                F(i.Throughput), F(i.LatencyMs.P50), F(i.LatencyMs.P90), F(i.LatencyMs.P99), F(i.LatencyMs.P999), F(i.LatencyMs.Max),
                Figures.Plain(i.RateAsked), Figures.Plain(i.RateAchieved), i.Stage?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
            })),
        DiagnoseResult diagnose => (
            ["concurrency", "throughput", "efficiency", "p50Ms", "p90Ms", "p99Ms", "maxMs", "requests", "errors", "errorRate", "cpuPercent", "machineCpuPercent", "generatorUtilization"],
            diagnose.Steps.Select(s => new[]
            {
                F(s.Concurrency), F(s.Throughput), Figures.Plain(s.Efficiency), F(s.LatencyMs.P50), F(s.LatencyMs.P90), F(s.LatencyMs.P99), F(s.LatencyMs.Max),
                F(s.Requests), F(s.Errors), F(s.ErrorRate), Figures.Plain(s.CpuPercent), Figures.Plain(s.MachineCpuPercent), F(s.GeneratorUtilization),
            })),
        FitResult fit => (
            ["n", "throughput", "fitted", "residual", "efficiency", "contentionShare", "coherencyShare", "latencyMs"],
            fit.Points.Select(p => new[] { F(p.N), F(p.Throughput), F(p.Fitted), F(p.Residual), F(p.Efficiency), F(p.ContentionShare), F(p.CoherencyShare), Figures.Plain(p.LatencyMs) })),
        ScaleResult scale => ScaleTable(scale),
        PlanResult plan => (
            ["path", "instance", "count", "vcpus", "throughput", "monthlyCost"],
            plan.CostCurve.ScaleOut.Select(p => ("scale-out", p)).Concat(plan.CostCurve.ScaleUp.Select(p => ("scale-up", p)))
                .Select(r => new[] { r.Item1, r.p.Instance, F(r.p.Count), F(r.p.Vcpus), F(r.p.Throughput), F(r.p.MonthlyCost) })),
        _ => ([], []),
    };

    private static (string[] Header, IEnumerable<string[]> Rows) ScaleTable(ScaleResult scale)
    {
        // One CPU column per tier name, in the order tiers first appear: a spreadsheet can chart any of them.
        var tiers = scale.Steps.SelectMany(s => s.Tiers).Select(t => t.Name).Distinct().ToArray();
        string[] header = ["replicas", "cpus", "memoryMb", "capacity", "efficiency", "p50Ms", "p90Ms", "p99Ms", "requests", "errors", .. tiers.Select(t => $"cpuPercent:{t}")];
        var rows = scale.Steps.Select(s => new[]
        {
            F(s.Replicas), Figures.Plain(s.Cpus), Figures.Plain(s.MemoryMb), F(s.Capacity), F(s.Efficiency), F(s.LatencyMs.P50), F(s.LatencyMs.P90), F(s.LatencyMs.P99), F(s.Requests), F(s.Errors),
        }.Concat(tiers.Select(t => s.Tiers.FirstOrDefault(x => x.Name == t) is { } tier ? F(tier.CpuPercent) : string.Empty)).ToArray());
        return (header, rows);
    }

    private static string F(double value) => Figures.Plain(value);

    /// <summary>
    /// RFC 4180 quoting, and a leading quote mark for text a spreadsheet would run as a formula (=, +, -, @): the
    /// request names and file names come from untrusted files.
    /// </summary>
    private static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '@' or '\t' or '\r' || (value.StartsWith('-') && !double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
