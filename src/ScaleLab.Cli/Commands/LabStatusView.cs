using System.Globalization;
using ScaleLab.Lab.Supervisor;

namespace ScaleLab.Cli.Commands;

/// <summary>The lab's components as a plain table: role, name, port, pid, state, where it answers.</summary>
internal static class LabStatusView
{
    public static void Write(TextWriter output, LabStatus status)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"lab {status.RunId}: scenario {status.Scenario}, {status.Replicas} replica(s), {status.Balancer} {status.Policy}, store {status.Store}, {status.Database} x{status.Shards.Count}, capacity {status.Workers} workers, {status.CpuMs} ms CPU + {status.IoMs} ms wait per request"));
        var rows = status.Components.Select(c => new[]
        {
            c.Role,
            c.Name,
            c.Port == 0 ? "-" : c.Port.ToString(CultureInfo.InvariantCulture),
            c.Pid?.ToString(CultureInfo.InvariantCulture) ?? "-",
            c.Restarts > 0 ? string.Create(CultureInfo.InvariantCulture, $"{c.State} ({c.Restarts} restart{(c.Restarts == 1 ? "" : "s")})") : c.State,
            c.Url,
        }).ToList();
        rows.Insert(0, ["role", "name", "port", "pid", "state", "address"]);
        var widths = Enumerable.Range(0, 5).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
        {
            output.WriteLine("  " + string.Join("  ", row.Take(5).Select((cell, i) => cell.PadRight(widths[i]))) + "  " + row[5]);
        }
    }

    public static void WriteEvents(TextWriter output, LabStatus status)
    {
        if (status.Events.Count == 0)
        {
            return;
        }

        output.WriteLine("events:");
        foreach (var e in status.Events)
        {
            output.WriteLine($"  {e.At.ToLocalTime():HH:mm:ss}  {e.Message}");
        }
    }
}
