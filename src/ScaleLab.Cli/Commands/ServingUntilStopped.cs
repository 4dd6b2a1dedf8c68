namespace ScaleLab.Cli.Commands;

/// <summary>
/// How a serving command (<c>agent</c>, <c>target</c>, <c>lab store</c>) runs once its server is up: one ready line,
/// flushed at once because scripts and tests wait for it, then serving until Ctrl-C or SIGTERM, which is how it is
/// meant to stop, not a failure.
/// </summary>
internal static class ServingUntilStopped
{
    public static async Task<int> AnnounceAndServeAsync(string readyLine, CancellationToken cancellationToken)
    {
        Console.Out.WriteLine(readyLine);
        await Console.Out.FlushAsync(CancellationToken.None);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C or SIGTERM: the caller's disposal stops the server.
        }

        return ExitCodes.Success;
    }
}
