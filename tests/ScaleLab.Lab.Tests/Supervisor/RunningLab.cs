using System.Text.Json;
using ScaleLab.Core.Results;
using ScaleLab.Lab.Processes;
using ScaleLab.Lab.Supervisor;
using Xunit.Abstractions;

namespace ScaleLab.Lab.Tests.Supervisor;

/// <summary>
/// <c>scalelab lab up</c> running in a child process (the real CLI), with its own state directory
/// (<c>SCALELAB_LAB_DIR</c>) so that it never meets the user's lab. Disposing brings it down and checks nothing of it is left.
/// </summary>
internal sealed class RunningLab : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly ITestOutputHelper _output;

    private RunningLab(ChildProcess supervisor, string directory, LabState state, ITestOutputHelper output)
    {
        Supervisor = supervisor;
        Directory = directory;
        State = state;
        _output = output;
    }

    public ChildProcess Supervisor { get; }

    public string Directory { get; }

    public LabState State { get; }

    public string RunId => State.RunId;

    public Uri EntryUrl => new(State.EntryUrl);

    /// <summary>Starts <c>lab up --port 0</c> with small data and <paramref name="arguments"/>; returns once it says it is ready.</summary>
    public static async Task<RunningLab> StartAsync(ITestOutputHelper output, params string[] arguments)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("scalelab-lab-e2e-").FullName;
        string[] all = [.. ScalelabCli.Command.Skip(1), "lab", "up", "--port", "0", "--users", "200", "--posts-per-user", "5", "--products", "50", .. arguments];
        var supervisor = await ChildProcess.StartAsync(new ChildProcessSpec("scalelab lab up", ScalelabCli.Command[0], all, "e2e-" + Path.GetFileName(directory))
        {
            Environment = new Dictionary<string, string> { ["SCALELAB_LAB_DIR"] = directory },
        });
        try
        {
            await supervisor.WaitForLineAsync(line => line.StartsWith("lab ready:", StringComparison.Ordinal), StartTimeout, CancellationToken.None);
            var state = JsonSerializer.Deserialize<LabState>(await File.ReadAllTextAsync(Path.Combine(directory, "state.json")), ResultJson.Options)!;
            return new RunningLab(supervisor, directory, state, output);
        }
        catch
        {
            output.WriteLine(string.Join('\n', supervisor.RecentOutput()));
            await supervisor.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs another scalelab command against this lab.</summary>
    public async Task<(int Code, string Output)> CliAsync(params string[] arguments)
    {
        var result = await ScalelabCli.RunAsync(Directory, TimeSpan.FromSeconds(50), arguments);
        _output.WriteLine($"$ scalelab {string.Join(' ', arguments)}  (exit {result.Code})\n{result.Output}");
        return result;
    }

    public async Task<LabStatus> StatusAsync()
    {
        var path = Path.Combine(Directory, "status.json");
        var (code, output) = await CliAsync("lab", "status", "--json", path);
        Assert.True(code == 0, output);
        return JsonSerializer.Deserialize<LabStatus>(await File.ReadAllTextAsync(path), ResultJson.Options)!;
    }

    public async ValueTask DisposeAsync()
    {
        _output.WriteLine("supervisor output (last lines):\n  " + string.Join("\n  ", Supervisor.RecentOutput()));
        // Also after a SIGKILL: `lab down` then finds a dead supervisor's state and removes what it left.
        await ScalelabCli.RunAsync(Directory, TimeSpan.FromSeconds(50), "lab", "down");

        await Supervisor.DisposeAsync();
        LabProcessMarker.KillAll(RunId);
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
