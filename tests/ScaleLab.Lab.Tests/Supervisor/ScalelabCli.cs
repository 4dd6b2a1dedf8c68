using System.Diagnostics;
using ScaleLab.Lab.Processes;

namespace ScaleLab.Lab.Tests.Supervisor;

/// <summary>
/// The real scalelab CLI as built next to these tests: <c>src/ScaleLab.Cli/bin/CONFIG/net10.0/scalelab.dll</c> (or the
/// artifacts layout's sibling folder, or <c>$SCALELAB_CLI_DLL</c>). test.sh builds the whole solution first.
/// </summary>
internal static class ScalelabCli
{
    private static readonly Lazy<string> Located = new(Locate);

    public static string Dll => Located.Value;

    public static IReadOnlyList<string> Command => ProcessCommand.ForPath(Dll);

    /// <summary>Runs a scalelab command to its end; returns its exit code and its stdout and stderr together.</summary>
    public static async Task<(int Code, string Output)> RunAsync(string labDirectory, TimeSpan timeout, params string[] arguments)
    {
        var info = new ProcessStartInfo(Command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in Command.Skip(1).Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["SCALELAB_LAB_DIR"] = labDirectory;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"scalelab {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:0} s");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("SCALELAB_CLI_DLL") is { Length: > 0 } given)
        {
            return given;
        }

        var here = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var candidates = new List<string>();
        // Artifacts layout: .../bin/ScaleLab.Lab.Tests/release → .../bin/ScaleLab.Cli/release.
        var configuration = Path.GetFileName(here);
        var projects = Path.GetDirectoryName(Path.GetDirectoryName(here));
        if (projects is not null)
        {
            candidates.Add(Path.Combine(projects, "ScaleLab.Cli", configuration, "scalelab.dll"));
        }

        // Classic layout: tests/ScaleLab.Lab.Tests/bin/CONFIG/net10.0 → src/ScaleLab.Cli/bin/CONFIG/net10.0.
        var directory = new DirectoryInfo(here);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ScaleLab.slnx")))
        {
            directory = directory.Parent;
        }

        if (directory is not null)
        {
            var framework = Path.GetFileName(here);
            var config = Path.GetFileName(Path.GetDirectoryName(here)!);
            candidates.Add(Path.Combine(directory.FullName, "src", "ScaleLab.Cli", "bin", config, framework, "scalelab.dll"));
        }

        var found = candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"scalelab.dll is not built (looked at {string.Join(", ", candidates)}): build src/ScaleLab.Cli (test.sh builds the solution) or set SCALELAB_CLI_DLL");

        // The CLI must carry the lab these tests were built with, not an older one.
        var ours = new FileInfo(Path.Combine(here, "ScaleLab.Lab.dll"));
        var theirs = new FileInfo(Path.Combine(Path.GetDirectoryName(found)!, "ScaleLab.Lab.dll"));
        if (ours.Exists && theirs.Exists && theirs.LastWriteTimeUtc < ours.LastWriteTimeUtc - TimeSpan.FromSeconds(2))
        {
            throw new InvalidOperationException($"{found} carries an older ScaleLab.Lab.dll than the tests: rebuild src/ScaleLab.Cli");
        }

        return found;
    }
}
