using Microsoft.Extensions.Time.Testing;
using ScaleLab.Load.Engine;

namespace ScaleLab.Load.Tests.Engine;

public sealed class LoadWorkerTests
{
    [Fact]
    public async Task AbortIfOverdue_RacingTheNextOperation_NeverAbandonsAnOperationThatIsNotOverdue()
    {
        var time = new FakeTimeProvider();
        var timeout = TimeSpan.FromMilliseconds(10);
        var factory = new DelegateClientFactory("instant", _ => ValueTask.FromResult(OperationResult.Success()));
        var options = LoadOptions.Closed(connections: 1, TimeSpan.FromDays(1)) with { Timeout = timeout };
        await using var run = new RunContext(factory, options, time, CancellationToken.None);
        var worker = run.AddWorker();
        var watchNow = 0L;
        using var stop = new CancellationTokenSource();

        // The watchdog scans without pause, with a "now" at which the first operation of each round is overdue and
        // the second is not (it starts two timeouts later, after the first ended).
        var watchdog = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                worker.AbortIfOverdue(Volatile.Read(ref watchNow));
            }
        });
        try
        {
            var falseTimeouts = 0;
            for (var round = 0; round < 100_000 && falseTimeouts == 0; round++)
            {
                var overdueStart = worker.Begin(scheduled: null);
                Volatile.Write(ref watchNow, overdueStart + run.TimeoutTicks + 1);
                await worker.EndAsync(OperationResult.Success(), overdueStart, scheduled: null);
                time.Advance(2 * timeout);

                var errorsBefore = worker.Counters.Errors;
                var start = worker.Begin(scheduled: null);
                await worker.EndAsync(await worker.Client.ExecuteAsync(), start, scheduled: null);
                falseTimeouts += (int)(worker.Counters.Errors - errorsBefore);
                time.Advance(2 * timeout);
            }

            Assert.Equal(0, falseTimeouts);
        }
        finally
        {
            stop.Cancel();
            await watchdog;
        }
    }
}
