using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using ScaleLab.Bench.StallTarget;

// Usage: StallTarget [--port N] [--period-ms 5000] [--freeze-ms 1000] [--service-ms 1] [--lead-ms 0]
//   GET /          "ok\n": waits until the current freeze ends (if any), then Task.Delay(service-ms).
//   GET /schedule  the freeze schedule as JSON (epochUnixMs = wall-clock start of the first freeze).
//   GET /stats     requests to / so far, how many arrived during a freeze, first and last arrival (wall clock),
//                  the handler's real service time and how late frozen requests resumed after their freeze.
//   POST /stats/reset
// The first freeze starts lead-ms after the server is listening. It prints one line,
// "listening on http://127.0.0.1:PORT", when ready (with --port 0 the kernel picks the port).
var options = new Dictionary<string, int>(StringComparer.Ordinal)
{
    ["--port"] = 0,
    ["--period-ms"] = 5000,
    ["--freeze-ms"] = 1000,
    ["--service-ms"] = 1,
    ["--lead-ms"] = 0,
};
for (var i = 0; i < args.Length; i++)
{
    if (!options.ContainsKey(args[i]) || i + 1 >= args.Length
        || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
    {
        await Console.Error.WriteLineAsync($"usage: StallTarget [{string.Join("] [", options.Keys.Select(k => k + " N"))}]");
        return 2;
    }

    options[args[i++]] = value;
}

var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
builder.Logging.ClearProviders();
builder.WebHost.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, options["--port"]));
await using var app = builder.Build();

var service = TimeSpan.FromMilliseconds(options["--service-ms"]);
FreezeSchedule? schedule = null;
var stats = new ArrivalStats();

app.MapGet("/", async () =>
{
    var arrival = Stopwatch.GetTimestamp();
    var wait = schedule!.RemainingFreeze(arrival);
    stats.Arrived(wait > TimeSpan.Zero);
    TimeSpan? resumeLate = null;
    var resumed = arrival;
    if (wait > TimeSpan.Zero)
    {
        await Task.Delay(wait).ConfigureAwait(false);
        resumed = Stopwatch.GetTimestamp();
        resumeLate = Stopwatch.GetElapsedTime(arrival, resumed) - wait;
    }

    if (service > TimeSpan.Zero)
    {
        await Task.Delay(service).ConfigureAwait(false);
    }

    stats.Answered(resumeLate, Stopwatch.GetElapsedTime(resumed));
    return "ok\n";
});
app.MapGet("/schedule", () => Results.Text(
    string.Create(CultureInfo.InvariantCulture,
        $$"""{"epochUnixMs":{{schedule!.EpochUnixMs:F3}},"periodMs":{{schedule.Period.TotalMilliseconds}},"freezeMs":{{schedule.Freeze.TotalMilliseconds}},"serviceMs":{{service.TotalMilliseconds}},"nowUnixMs":{{(DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).TotalMilliseconds:F3}}}"""),
    "application/json"));
app.MapGet("/stats", () => Results.Text(stats.ToJson(), "application/json"));
app.MapPost("/stats/reset", () =>
{
    stats.Reset();
    return "reset\n";
});

await app.StartAsync().ConfigureAwait(false);
schedule = new FreezeSchedule(
    TimeSpan.FromMilliseconds(options["--period-ms"]),
    TimeSpan.FromMilliseconds(options["--freeze-ms"]),
    TimeSpan.FromMilliseconds(options["--lead-ms"]));
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
Console.WriteLine($"listening on {address}");
await app.WaitForShutdownAsync().ConfigureAwait(false);
return 0;
