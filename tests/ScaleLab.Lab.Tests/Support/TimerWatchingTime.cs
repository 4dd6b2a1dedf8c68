using Microsoft.Extensions.Time.Testing;

namespace ScaleLab.Lab.Tests.Support;

/// <summary>
/// A fake clock that tells the test each time code under test starts a timer on it: when (on the fake clock) and for
/// how long. A timer started is the positive signal that the code has looked at the clock and decided to wait, so a
/// test can advance the clock only then, and can tell "not done yet" from "has not had the chance to run".
/// </summary>
internal sealed class TimerWatchingTime : FakeTimeProvider
{
    /// <summary>Generous: the wait is for another thread on a busy machine, not for a time to pass.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly DateTimeOffset _start;
    private readonly SemaphoreSlim _started = new(0);
    private readonly Queue<StartedTimer> _timers = new();

    public TimerWatchingTime() => _start = GetUtcNow();

    /// <summary>Time advanced since this clock was made.</summary>
    public TimeSpan Now => GetUtcNow() - _start;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        lock (_timers)
        {
            _timers.Enqueue(new StartedTimer(Now, dueTime));
        }

        _started.Release();
        return timer;
    }

    /// <summary>The next timer started (in order), waiting for it up to a generous deadline.</summary>
    public async Task<StartedTimer> NextTimerAsync()
    {
        Assert.True(await _started.WaitAsync(Deadline), $"no timer was started within {Deadline.TotalSeconds} s");
        lock (_timers)
        {
            return _timers.Dequeue();
        }
    }

    /// <summary>A timer started at <see cref="At"/> (fake time since the clock was made), due <see cref="Due"/> later.</summary>
    public readonly record struct StartedTimer(TimeSpan At, TimeSpan Due);
}
