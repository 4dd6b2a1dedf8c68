using ScaleLab.Load.Engine;

namespace ScaleLab.Load.Tests.Support;

/// <summary>
/// A target for the schedulers' fake-clock tests: every operation takes <c>serviceTime</c> on the given clock (none
/// when zero) and succeeds; <see cref="Starts"/> counts the operations begun, so a test knows when to move the clock.
/// </summary>
internal sealed class FakeService
{
    private int _starts;

    public FakeService(TimeProvider time, TimeSpan serviceTime)
    {
        Factory = new DelegateClientFactory("fake", async ct =>
        {
            Interlocked.Increment(ref _starts);
            if (serviceTime > TimeSpan.Zero)
            {
                await Task.Delay(serviceTime, time, ct);
            }

            return OperationResult.Success();
        });
    }

    public ILoadClientFactory Factory { get; }

    public int Starts => Volatile.Read(ref _starts);
}
