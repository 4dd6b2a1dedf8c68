using System.Text;
using ScaleLab.Cli.Output;
using ScaleLab.Core.Scalability;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ScaleLab.Cli.Plots;

/// <summary>A small terminal chart of a fit: the measured points, the USL curve, N* and the Amdahl ceiling.</summary>
internal static class UslTextChart
{
    private const int Width = 60;
    private const int Height = 14;

    public static IRenderable Render(ScalabilityAnalysis analysis)
    {
        var model = analysis.Usl.Model;
        var maxN = analysis.Points.Max(p => p.N);
        // Show the peak when it is near the data; far beyond it the chart would be all curve and no points.
        var xMax = model.PeakConcurrency is { } peak && peak > maxN && peak < 2 * maxN ? peak * 1.1 : maxN * 1.05;
        var curve = Enumerable.Range(0, Width).Select(c => model.Throughput(Column(c))).ToArray();
        var yMax = Math.Max(analysis.Points.Max(p => p.Throughput), curve.Max()) * 1.1;
        if (!(yMax > 0))
        {
            yMax = 1;
        }

        var cells = new char[Height, Width];
        for (var r = 0; r < Height; r++)
        {
            for (var c = 0; c < Width; c++)
            {
                cells[r, c] = ' ';
            }
        }

        if (model.AmdahlCeiling is { } ceiling && ceiling < yMax)
        {
            var row = Row(ceiling);
            for (var c = 0; c < Width; c++)
            {
                cells[row, c] = '╌';
            }
        }

        if (model.PeakConcurrency is { } n && n <= xMax)
        {
            var column = Math.Clamp((int)(n / xMax * Width), 0, Width - 1);
            for (var r = 0; r < Height; r++)
            {
                cells[r, column] = '┆';
            }
        }

        for (var c = 0; c < Width; c++)
        {
            cells[Row(curve[c]), c] = '·';
        }

        foreach (var point in analysis.Points)
        {
            var column = Math.Clamp((int)(point.N / xMax * Width), 0, Width - 1);
            cells[Row(point.Throughput), column] = '●';
        }

        var text = new StringBuilder();
        var top = FitConsoleReport.Number(yMax);
        var labelWidth = Math.Max(top.Length, 1);
        for (var r = 0; r < Height; r++)
        {
            var label = r == 0 ? top : r == Height - 1 ? "0" : "";
            text.Append(Markup.Escape(label.PadLeft(labelWidth))).Append(" │");
            for (var c = 0; c < Width; c++)
            {
                text.Append(cells[r, c] switch
                {
                    '●' => "[green]●[/]",
                    '·' => "[blue]·[/]",
                    '┆' => "[grey]┆[/]",
                    '╌' => "[grey]╌[/]",
                    var other => other.ToString(),
                });
            }

            text.Append('\n');
        }

        var right = FitConsoleReport.Number(xMax);
        text.Append(new string(' ', labelWidth)).Append(" └").Append(new string('─', Width)).Append('\n');
        text.Append(new string(' ', labelWidth + 2)).Append('0').Append(Markup.Escape(right.PadLeft(Width - 1))).Append("  N\n");
        text.Append(new string(' ', labelWidth + 2)).Append("[green]●[/] measured  [blue]·[/] USL fit");
        if (model.PeakConcurrency is { } p2 && p2 <= xMax)
        {
            text.Append("  [grey]┆[/] peak N*");
        }

        if (model.AmdahlCeiling is { } c2 && c2 < yMax)
        {
            text.Append("  [grey]╌[/] Amdahl ceiling");
        }

        return new Markup(text.ToString());

        double Column(int c) => xMax * (c + 0.5) / Width;

        int Row(double y) => Math.Clamp(Height - 1 - (int)Math.Floor(y / yMax * Height), 0, Height - 1);
    }
}
