using System.Runtime.CompilerServices;

namespace ScaleLab.Tests.Support;

/// <summary>
/// Gives the test host enough thread-pool threads from its first second. xunit starts many test classes at once, and
/// some of them block a pool thread (a child process's exit, a synchronous wait); with a 2-core machine's minimum of
/// two threads the pool then adds threads about once a second, so the engine's timers and callbacks in the first
/// tests waited for seconds: twice a fresh clone failed a test two seconds into the run (3 intervals of 30, 0 of 3
/// timeouts seen). The load generator itself runs alone in its process and never meets this.
/// </summary>
internal static class TestThreadPool
{
#pragma warning disable CA2255 // A module initializer is what runs before the first test class, in a test assembly.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(completionPorts, 32));
    }
}
