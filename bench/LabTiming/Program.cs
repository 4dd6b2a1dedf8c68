using System.Globalization;
using ScaleLab.Bench.LabTiming;
using ScaleLab.Lab.Capacity;

// Usage: LabTiming [--samples N] [--seconds S]
//   Prints how late the lab's PreciseDelay ends delays of 1, 2, 5 and 20 ms (N in a row each, 200 by default),
//   with Task.Delay beside it for reference, then the throughput of the capacity model in a closed loop of 16
//   clients for S seconds (3 by default) against its ceiling workers / (io + cpu).
var options = new Dictionary<string, int>(StringComparer.Ordinal) { ["--samples"] = 200, ["--seconds"] = 3 };
for (var i = 0; i < args.Length; i++)
{
    if (!options.ContainsKey(args[i]) || i + 1 >= args.Length
        || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
    {
        await Console.Error.WriteLineAsync("usage: LabTiming [--samples N] [--seconds S] (positive whole numbers)");
        return 2;
    }

    options[args[i++]] = value;
}

using var delay = new PreciseDelay();
Console.WriteLine(DelayError.Heading);
foreach (var ms in new[] { 1, 2, 5, 20 })
{
    var asked = TimeSpan.FromMilliseconds(ms);
    Console.WriteLine(await DelayError.MeasureAsync("PreciseDelay", asked, options["--samples"], d => delay.DelayAsync(d, CancellationToken.None)));
    Console.WriteLine(await DelayError.MeasureAsync("Task.Delay", asked, options["--samples"], d => Task.Delay(d)));
}

Console.WriteLine();
Console.WriteLine(CapacityRun.Heading);
foreach (var workers in new[] { 2, 4 })
{
    Console.WriteLine(await CapacityRun.MeasureAsync(workers, 0.5, 20, 16, TimeSpan.FromSeconds(options["--seconds"]), delay));
}

return 0;
