using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace ScaleLab.Load.Tests.Support;

/// <summary>
/// A fake clock that knows when its one-shot timers are due, so that a test can advance it only once every flow
/// has parked on its next wake-up. Advancing sooner races a flow that has read the time but not yet set its timer:
/// the timer then starts from the advanced time and fires late, and a count the test pins shifts by one.
/// </summary>
internal sealed class ParkingTimeProvider : FakeTimeProvider
{
    private readonly DateTimeOffset _origin;
    private readonly ConcurrentDictionary<TimeSpan, int> _pending = new();

    public ParkingTimeProvider() => _origin = GetUtcNow();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (period != Timeout.InfiniteTimeSpan || dueTime == Timeout.InfiniteTimeSpan)
        {
            return base.CreateTimer(callback, state, dueTime, period);
        }

        var due = GetUtcNow() - _origin + dueTime;
        _pending.AddOrUpdate(due, 1, (_, n) => n + 1);
        return base.CreateTimer(s =>
        {
            _pending.AddOrUpdate(due, 0, (_, n) => n - 1);
            callback(s);
        }, state, dueTime, period);
    }

    /// <summary>How many one-shot timers wait to fire at <paramref name="milliseconds"/> after the clock's start.</summary>
    public int PendingAt(long milliseconds) =>
        _pending.TryGetValue(TimeSpan.FromMilliseconds(milliseconds), out var count) ? count : 0;
}
