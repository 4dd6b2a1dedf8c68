using System.Diagnostics;

namespace ScaleLab.Agents.Tests.Hosts;

/// <summary>
/// iproute2's <c>ip</c>, each call bounded in time: a wedged netlink call must fail the test, not hang the suite.
/// </summary>
internal static class IpCommand
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    private static readonly Lazy<string?> Located = new(() =>
        new[] { "/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip" }.FirstOrDefault(File.Exists));

    /// <summary>The <c>ip</c> executable, or null when iproute2 is not installed.</summary>
    public static string? Path => Located.Value;

    /// <summary>Why network namespaces cannot be made here (one line), or null when they can.</summary>
    public static string? Unavailable() =>
        Path is null ? "NetworkLab needs iproute2's ip (apt-get install iproute2): not found in /usr/sbin, /sbin, /usr/bin or /bin"
        : !Environment.IsPrivilegedProcess ? "NetworkLab needs root to make network namespaces (ip netns add): run the tests as root, as test.sh does on CI"
        : null;

    /// <summary>Runs <c>ip ARGS</c> and returns its standard output; throws with its stderr when it fails or overruns.</summary>
    public static async Task<string> RunAsync(params string[] args)
    {
        var (exit, output, error) = await TryRunAsync(args);
        return exit == 0 ? output : throw new InvalidOperationException($"ip {string.Join(' ', args)} failed (exit {exit}): {error.Trim()}");
    }

    /// <summary>Runs <c>ip ARGS</c>; the exit code and both outputs, for calls whose failure is expected (cleanup).</summary>
    public static async Task<(int Exit, string Output, string Error)> TryRunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Path ?? throw new InvalidOperationException(Unavailable()))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(Bound);
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"ip {string.Join(' ', args)} did not finish in {Bound.TotalSeconds:0} s");
        }

        return (process.ExitCode, await output, await error);
    }
}
