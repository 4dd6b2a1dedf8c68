using ScaleLab.Load.Engine;

namespace ScaleLab.Cli;

/// <summary>
/// Process-wide runtime settings for the load engine, applied before the first socket is made.
/// </summary>
internal static class EngineEnvironment
{
    private const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static void Apply()
    {
        // Running socket continuations on the epoll thread turns each socket engine into an event loop like wrk's:
        // measured on 2 cores, a raw-socket loop went from ~34,000 to ~63,000 req/s (about 14 µs of CPU per request).
        // The runtime reads the variable when the first socket is created, so setting it here, first thing, is enough.
        // A user's own setting wins.
        if (Environment.GetEnvironmentVariable(InlineCompletions) is null)
        {
            Environment.SetEnvironmentVariable(InlineCompletions, "1");
        }
    }

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
