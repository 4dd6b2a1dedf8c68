using System.Globalization;
using ScaleLab.Core.Scalability;
using ScaleLab.Core.Scaling;
using ScaleLab.Reports.Charts;
using ScaleLab.Reports.Html;
using ScaleLab.Reports.Text;

namespace ScaleLab.Reports.Sections;

/// <summary>
/// A scale experiment: the verdict, then capacity and efficiency per replica count beside per core count, every
/// tier's CPU per step with the bottleneck drawn strongest, and the fault's timeline when a replica was killed.
/// </summary>
internal static class ScaleSection
{
    public static void Write(HtmlWriter html, ScaleResult result)
    {
        html.Open("h2").Raw("<span class=\"kind\">scale</span>").Text(result.Target).Close("h2");
        var verdict = result.Verdict;
        html.Open("div", $"verdict {Tone(verdict)}");
        html.Paragraph(Headline(result), "headline");
        if (verdict is not null)
        {
            html.Paragraph(verdict.Summary);
            html.Element("p", "What to do", "label").Paragraph(verdict.Advice);
        }

        html.List(result.Warnings, "warnings");
        html.Close("div");
        html.Tiles(Tiles(result));

        var scaleOut = ScaleOutSteps(result.Steps);
        var scaleUp = ScaleUpSteps(result.Steps);
        html.Element("h3", "Capacity");
        html.Charts(
            scaleOut is null ? null : UslCurve.Of("Capacity per replica count", "replicas", scaleOut.Select(s => new ScalabilityPoint(s.Replicas, s.Capacity)).ToArray(), result.Usl, i => StepName(scaleOut[i])),
            scaleUp is null ? null : UslCurve.Of("Capacity per core count (one machine larger)", "cores per replica", scaleUp.Select(s => new ScalabilityPoint(s.Cpus!.Value, s.Capacity)).ToArray(), null, i => StepName(scaleUp[i])));
        html.Charts(
            scaleOut is null ? null : Efficiency("Efficiency per replica count", "replicas", scaleOut.Select(s => (s.Replicas * 1.0, s)).ToArray()),
            scaleUp is null ? null : Efficiency("Efficiency per core count", "cores per replica", scaleUp.Select(s => (s.Cpus!.Value * 1.0, s)).ToArray()));
        if (scaleOut is null && scaleUp is null && result.Steps.Count > 0)
        {
            html.Charts(new Chart("Capacity per step", "step", "capacity (req/s)",
                [new ChartSeries("capacity", SeriesKind.Bars, result.Steps.Select((s, i) => new ChartPoint(i + 1, s.Capacity, Label: StepName(s))).ToArray()) { Color = 0, Unit = "req/s" }]));
        }

        html.Element("h3", "Tiers");
        html.Charts(TierCpu(result));
        html.Table(
            ["step", "replicas", "cores each", "capacity req/s", "efficiency", "p50 ms", "p99 ms", "errors", "warm-up s", "busiest tier"],
            result.Steps.Select((s, i) => ((IReadOnlyList<string>)
            [
                (i + 1).ToString(CultureInfo.InvariantCulture),
                s.Replicas.ToString(CultureInfo.InvariantCulture),
                s.Cpus?.ToString(CultureInfo.InvariantCulture) ?? "all",
                Figures.Number(s.Capacity),
                Figures.Number(s.Efficiency),
                Figures.Number(s.LatencyMs.P50),
                Figures.Number(s.LatencyMs.P99),
                Figures.Number(s.Errors),
                Figures.Number(s.WarmupSeconds),
                s.Tiers.Where(t => t.Role != "generator").MaxBy(t => t.CpuPercent) is { } busiest ? $"{busiest.Name} {Figures.Number(busiest.CpuPercent)}%" : "–",
            ], s.GeneratorLimited ? (string?)"failed" : null)));
        if (result.Steps.Any(s => s.GeneratorLimited))
        {
            html.Paragraph("Rows in red: the generator or the machine, not the system, limited that step.", "caption");
        }

        if (result.Fault is { } fault)
        {
            WriteFault(html, result, fault);
        }

        html.Element("h3", "Settings");
        html.Settings(
        [
            ("target", result.Target),
            ("objective", $"p{Figures.Number(result.Slo.Percentile)} ≤ {Figures.Ms(result.Slo.LatencyMs)}, errors ≤ {Figures.Percent(result.Slo.MaxErrorRate)}"),
            ("sizes", string.Join(", ", result.Steps.Select(StepName))),
            ("took", $"{Figures.Number(result.DurationSeconds)} s"),
            ("USL over replicas", result.Usl is { } u ? $"σ {Figures.Number(u.Sigma)}, κ {Figures.Number(u.Kappa)}, λ {Figures.Number(u.Lambda)}, R² {Figures.Number(u.R2)}" : null),
        ]);
    }

    internal static string Headline(ScaleResult result) => result.Verdict is { } v
        ? $"{Capitalized(v.Kind)} scaling{(v.Cause is "none" or "" ? "" : $", from {v.Cause}")}{(v.Bottleneck is { } b ? $"; bottleneck: {b}" : "")}."
        : "No verdict: nothing could be measured.";

    internal static string Tone(ScaleVerdict? verdict) => verdict?.Kind switch
    {
        "linear" => "good",
        "sub-linear" => "warn",
        _ => "bad",
    };

    /// <summary>The steps that add replicas at one size: the group of equal cores with the most replica counts.</summary>
    internal static IReadOnlyList<ScaleStep>? ScaleOutSteps(IReadOnlyList<ScaleStep> steps) =>
        steps.GroupBy(s => s.Cpus)
            .Select(g => g.GroupBy(s => s.Replicas).Select(r => r.Last()).OrderBy(s => s.Replicas).ToArray())
            .Where(g => g.Length >= 2)
            .MaxBy(g => g.Length);

    /// <summary>The steps that add cores at one replica count: the group of equal replicas with the most core counts.</summary>
    internal static IReadOnlyList<ScaleStep>? ScaleUpSteps(IReadOnlyList<ScaleStep> steps) =>
        steps.Where(s => s.Cpus is not null).GroupBy(s => s.Replicas)
            .Select(g => g.GroupBy(s => s.Cpus).Select(c => c.Last()).OrderBy(s => s.Cpus).ToArray())
            .Where(g => g.Length >= 2)
            .MaxBy(g => g.Length);

    internal static string StepName(ScaleStep step) =>
        $"{step.Replicas} replica{(step.Replicas == 1 ? "" : "s")}{(step.Cpus is { } c ? $" × {c} core{(c == 1 ? "" : "s")}" : "")}{(step.MemoryMb is { } m ? $", {m} MiB" : "")}";

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static IEnumerable<(string, string)> Tiles(ScaleResult result)
    {
        if (result.Steps.Count == 0)
        {
            yield break;
        }

        var first = result.Steps[0];
        var best = result.Steps.MaxBy(s => s.Capacity)!;
        yield return ($"capacity, {StepName(first)}", $"{Figures.Number(first.Capacity)}/s");
        yield return ($"most, {StepName(best)}", $"{Figures.Number(best.Capacity)}/s");
        var last = result.Steps[^1];
        yield return ($"efficiency, {StepName(last)}", Figures.Number(last.Efficiency));
        if (result.Usl is { } usl)
        {
            yield return ("σ contention", Figures.Number(usl.Sigma));
            yield return ("κ coherency", Figures.Number(usl.Kappa));
            yield return ("N* replicas", usl.PeakConcurrency is { } n ? Figures.Number(n) : "none");
        }

        if (result.Verdict?.Bottleneck is { } bottleneck)
        {
            yield return ("bottleneck", bottleneck);
        }
    }

    private static Chart Efficiency(string title, string xLabel, IReadOnlyList<(double X, ScaleStep Step)> steps) => new Chart(
        title,
        xLabel,
        "efficiency",
        [new ChartSeries("efficiency", SeriesKind.Bars, steps.Select(s => new ChartPoint(s.X, s.Step.Efficiency, Label: StepName(s.Step))).ToArray()) { Color = 5 }])
    {
        XScale = UslCurve.ScaleFor(steps.Select(s => s.X)),
        YMax = 1,
        YMarkers = [new ChartMarker(0.9, "90%") { Color = 4 }, new ChartMarker(0.7, "70%") { Color = 1 }],
        Caption = "Capacity ÷ (size × capacity of one): the seed's 1 server 100%, 2 at 90%, 4 at 80%, 10 at 70%.",
    };

    /// <summary>
    /// Every tier's CPU per step, replicas averaged into one line (their count changes from step to step), the
    /// bottleneck drawn thicker so that "scaling the wrong component" shows at a glance.
    /// </summary>
    private static Chart? TierCpu(ScaleResult result)
    {
        if (result.Steps.All(s => s.Tiers.Count == 0))
        {
            return null;
        }

        var bottleneck = result.Verdict?.Bottleneck;
        var lines = new Dictionary<string, (string Role, List<ChartPoint> Points)>(StringComparer.Ordinal);
        for (var i = 0; i < result.Steps.Count; i++)
        {
            var step = result.Steps[i];
            foreach (var group in step.Tiers.GroupBy(t => t.Role == "replica" ? "replicas (each, on average)" : t.Name))
            {
                if (!lines.TryGetValue(group.Key, out var line))
                {
                    line = (group.First().Role, []);
                    lines[group.Key] = line;
                }

                line.Points.Add(new ChartPoint(i + 1, group.Average(t => t.CpuPercent), Label: StepName(step)));
            }
        }

        var colour = 0;
        var series = lines.Select(l => new ChartSeries(
                IsBottleneck(l.Key, l.Value.Role, bottleneck) ? $"{l.Key} (bottleneck)" : l.Key,
                SeriesKind.Line,
                l.Value.Points)
        {
            Color = l.Value.Role == "generator" ? 7 : colour++ % 7,
            Dashed = l.Value.Role == "generator",
            Highlight = IsBottleneck(l.Key, l.Value.Role, bottleneck),
            Unit = "% CPU",
        })
            .ToArray();
        return new Chart("CPU of every tier per step", "step (see the table)", "CPU (% of the cores it may use)", series)
        {
            YMax = 100,
            Caption = "Steps: " + string.Join("; ", result.Steps.Select((s, i) => $"{i + 1} = {StepName(s)}")) + ".",
        };
    }

    private static bool IsBottleneck(string name, string role, string? bottleneck) =>
        bottleneck is not null && (string.Equals(name, bottleneck, StringComparison.OrdinalIgnoreCase)
            || string.Equals(role, bottleneck, StringComparison.OrdinalIgnoreCase)
            || (role == "replica" && bottleneck.StartsWith("replica", StringComparison.OrdinalIgnoreCase)));

    private static void WriteFault(HtmlWriter html, ScaleResult result, ScaleFault fault)
    {
        html.Element("h3", $"Fault: {fault.Replica} killed");
        var replicas = result.Steps.Count > 0 ? result.Steps.Max(s => s.Replicas) : 0;
        var lost = fault.CapacityBefore > 0 ? 1 - fault.CapacityDuring / fault.CapacityBefore : (double?)null;
        html.Tiles(
        [
            ("errors", $"{Figures.Number(fault.Errors)} of {Figures.Number(fault.Requests)} ({Figures.Percent(fault.Requests > 0 ? fault.Errors / (double)fault.Requests : 0)})"),
            ("capacity lost", lost is { } l ? Figures.Percent(l) : "–"),
            ("1 of N predicts", replicas > 0 ? Figures.Percent(1.0 / replicas) : "–"),
            ("ejected after", fault.EjectedAfterMs is { } e ? Figures.Ms(e) : "not seen"),
            ("replaced after", fault.ReplacedAfterMs is { } r ? Figures.Ms(r) : "not replaced"),
            ("orders lost / doubled", fault.OrdersAcknowledged is null ? "no audit" : $"{Figures.Number(fault.OrdersLost)} / {Figures.Number(fault.OrdersDoubled)} of {Figures.Number(fault.OrdersAcknowledged)}"),
        ]);
        html.Charts(FaultTimeline(fault));
        if (fault.ErrorKinds.Count > 0)
        {
            html.Paragraph("Errors by kind: " + string.Join(", ", fault.ErrorKinds.OrderByDescending(k => k.Value).Select(k => $"{k.Key} {Figures.Number(k.Value)}")) + ".", "caption");
        }
    }

    /// <summary>The step's throughput before the kill, until the replacement served, and after, with the moments marked.</summary>
    private static Chart FaultTimeline(ScaleFault fault)
    {
        var killed = fault.KilledAtSeconds;
        var recovered = killed + (fault.ReplacedAfterMs ?? fault.EjectedAfterMs ?? 0) / 1000;
        var end = Math.Max(recovered + Math.Max(killed, 1), killed * 2);
        ChartPoint[] points =
        [
            new(0, fault.CapacityBefore, Label: "before the kill"),
            new(killed, fault.CapacityDuring, Label: "after the kill"),
            new(recovered, fault.CapacityAfter, Label: "after the replacement"),
            new(end, fault.CapacityAfter, Label: "after the replacement"),
        ];
        var markers = new List<ChartMarker> { new(killed, $"{fault.Replica} killed") { Color = 3 } };
        if (fault.EjectedAfterMs is { } ejected)
        {
            markers.Add(new ChartMarker(killed + ejected / 1000, "ejected") { Color = 1 });
        }

        if (fault.ReplacedAfterMs is { } replaced)
        {
            markers.Add(new ChartMarker(killed + replaced / 1000, "replaced") { Color = 4 });
        }

        return new Chart("Fault timeline", "time in the step (s)", "throughput (req/s)",
            [new ChartSeries("throughput", SeriesKind.Steps, points) { Color = 0, Unit = "req/s" }])
        {
            XMarkers = markers,
            Caption = "Throughput before the kill, between the kill and the replacement, and after.",
        };
    }
}
