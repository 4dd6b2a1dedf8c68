using System.Globalization;
using ScaleLab.Load.Engine;
using Spectre.Console;

namespace ScaleLab.Cli.Output;

/// <summary>
/// Shows a run as it goes: a live line redrawn in place on a terminal, plain periodic lines otherwise (CI logs).
/// Progress goes to stderr so that stdout holds only the summary.
/// </summary>
internal sealed class RunProgressView : IProgress<RunProgress>
{
    private readonly IAnsiConsole _console;
    private readonly bool _live;
    private bool _lineOpen;

    public RunProgressView()
    {
        _live = !Console.IsErrorRedirected && !Console.IsOutputRedirected;
        _console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
    }

    public void Report(RunProgress value)
    {
        var line = Format(value);
        if (_live)
        {
            // Carriage return, the line, then erase to the end of the line: redrawn in place.
            Console.Error.Write("\r" + line + "\u001b[K");
            _lineOpen = true;
        }
        else
        {
            _console.WriteLine(line);
        }
    }

    /// <summary>Ends the live line so that what follows starts on a new one.</summary>
    public void Complete()
    {
        if (_lineOpen)
        {
            Console.Error.WriteLine();
            _lineOpen = false;
        }
    }

    private static string Format(RunProgress p) => p.Warmup
        ? string.Create(CultureInfo.InvariantCulture, $"warm-up {p.Elapsed.TotalSeconds,5:0.0}s  ({p.Remaining.TotalSeconds:0}s left)  connections {p.Connections}")
        : string.Create(CultureInfo.InvariantCulture,
            $"{p.Elapsed.TotalSeconds,5:0.0}s  {p.Remaining.TotalSeconds,4:0}s left  {p.IntervalThroughput,9:0} req/s  p50 {p.P50Ms,8:0.###} ms  p99 {p.P99Ms,8:0.###} ms  errors {p.Errors}  requests {p.Requests}  conns {p.Connections}");
}
