using ScaleLab.Load.Engine;

namespace ScaleLab.Cli;

/// <summary>
/// Process-wide runtime settings for the load engine, applied before the first socket is made. Only in processes that
/// generate load: the commands that serve (the lab's processes, the demo server) are the system under test and run
/// as any server would.
/// </summary>
internal static class EngineEnvironment
{
    private const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static void Apply(IReadOnlyList<string> args)
    {
        // Running socket continuations on the epoll thread turns each socket engine into an event loop like wrk's:
        // measured on 2 cores, a raw-socket loop went from ~34,000 to ~63,000 req/s (about 14 µs of CPU per request).
        // The runtime reads the variable when the first socket is created, so setting it here, first thing, is enough.
        // A user's own setting wins.
        if (!Serves(args) && Environment.GetEnvironmentVariable(InlineCompletions) is null)
        {
            Environment.SetEnvironmentVariable(InlineCompletions, "1");
        }
    }

    /// <summary>
    /// Whether <paramref name="args"/> start a server rather than load. A server must not run its socket
    /// continuations on the epoll thread: any continuation that blocks stalls every socket of the process. Npgsql
    /// cancels a query synchronously (a new connection to PostgreSQL, then a blocking read that the stalled epoll
    /// thread itself should complete): one client that gave up on a lab replica's request froze that replica for
    /// seconds, and `scale` saw half its requests time out at two replicas, a quarter at four.
    /// </summary>
    internal static bool Serves(IReadOnlyList<string> args) =>
        args is ["demo", ..] or ["lab", "up" or "replica" or "store" or "balancer", ..];

    /// <summary>
    /// Makes room for <paramref name="connections"/> open connections (raising the soft file limit to the hard
    /// one), or refuses the run with one line: running out of descriptors mid-run would lose the run and its results.
    /// </summary>
    /// <exception cref="UsageException">Even the hard limit is too low.</exception>
    public static void EnsureFileDescriptors(int connections, string fewer)
    {
        if (FileDescriptorLimit.Ensure(connections, fewer) is { } problem)
        {
            throw new UsageException(problem);
        }
    }
}
