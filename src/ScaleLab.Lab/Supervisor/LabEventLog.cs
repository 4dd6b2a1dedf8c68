using System.Globalization;

namespace ScaleLab.Lab.Supervisor;

/// <summary>
/// What the supervisor did or saw: the last <see cref="MaxEvents"/> events, kept for <c>lab status</c>, and every
/// status line, written to the options' log as it happens.
/// </summary>
internal sealed class LabEventLog(TextWriter? log, TimeProvider time)
{
    private const int MaxEvents = 50;

    private readonly Queue<LabEvent> _events = new();
    private readonly Lock _lock = new();

    /// <summary>Keeps an event for <c>lab status</c> and logs it.</summary>
    public void Record(string message)
    {
        lock (_lock)
        {
            _events.Enqueue(new LabEvent(time.GetUtcNow(), message));
            while (_events.Count > MaxEvents)
            {
                _events.Dequeue();
            }
        }

        Log(message);
    }

    /// <summary>Logs a status line without keeping it.</summary>
    public void Log(string message)
    {
        if (log is not null)
        {
            lock (log)
            {
                log.WriteLine($"lab: {message}");
                log.Flush();
            }
        }
    }

    /// <summary>The events kept, oldest first.</summary>
    public IReadOnlyList<LabEvent> Recent()
    {
        lock (_lock)
        {
            return [.. _events];
        }
    }

    /// <summary>A duration as the log writes it: <c>1.2 s</c>.</summary>
    public static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.0 's'", CultureInfo.InvariantCulture);
}
