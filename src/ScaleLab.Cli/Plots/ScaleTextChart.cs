using System.Text;
using ScaleLab.Cli.Output;
using ScaleLab.Core.Scaling;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ScaleLab.Cli.Plots;

/// <summary>Capacity against replicas in the terminal, beside the linear ideal (one replica's capacity times N).</summary>
internal static class ScaleTextChart
{
    private const int Width = 48;
    private const int Height = 12;

    public static IRenderable? Render(IReadOnlyList<ScaleStep> series)
    {
        if (series.Count < 2 || series[0].Capacity <= 0)
        {
            return null;
        }

        var perReplica = series[0].Capacity / series[0].Replicas;
        var xMax = series.Max(s => s.Replicas) * 1.05;
        var yMax = Math.Max(series.Max(s => s.Capacity), perReplica * xMax) * 1.05;
        var cells = new char[Height, Width];
        for (var r = 0; r < Height; r++)
        {
            for (var c = 0; c < Width; c++)
            {
                cells[r, c] = ' ';
            }
        }

        for (var c = 0; c < Width; c++)
        {
            cells[Row(perReplica * Column(c)), c] = '·';
        }

        foreach (var step in series)
        {
            cells[Row(step.Capacity), Math.Clamp((int)(step.Replicas / xMax * Width), 0, Width - 1)] = '●';
        }

        var text = new StringBuilder();
        var top = FitConsoleReport.Number(yMax);
        for (var r = 0; r < Height; r++)
        {
            var label = r == 0 ? top : r == Height - 1 ? "0" : "";
            text.Append(Markup.Escape(label.PadLeft(top.Length))).Append(" │");
            for (var c = 0; c < Width; c++)
            {
                text.Append(cells[r, c] switch
                {
                    '●' => "[green]●[/]",
                    '·' => "[blue]·[/]",
                    var other => other.ToString(),
                });
            }

            text.Append('\n');
        }

        text.Append(new string(' ', top.Length)).Append(" └").Append(new string('─', Width)).Append('\n');
        text.Append(new string(' ', top.Length + 2)).Append('0').Append(Markup.Escape(FitConsoleReport.Number(xMax).PadLeft(Width - 1))).Append("  replicas\n");
        text.Append(new string(' ', top.Length + 2)).Append("[green]●[/] capacity at the objective (req/s)  [blue]·[/] linear: one replica × N");
        return new Markup(text.ToString());

        double Column(int c) => xMax * (c + 0.5) / Width;

        int Row(double y) => Math.Clamp(Height - 1 - (int)Math.Floor(y / yMax * Height), 0, Height - 1);
    }
}
