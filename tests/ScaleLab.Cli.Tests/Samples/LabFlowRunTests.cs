using ScaleLab.Cli.Targets;
using ScaleLab.Lab.Supervisor;
using ScaleLab.Load.Engine;
using ScaleLab.Load.Flows;

namespace ScaleLab.Cli.Tests.Samples;

/// <summary>The lab's flow against the real lab (its own processes, as <c>diagnose</c> starts it): every check must hold.</summary>
public sealed class LabFlowRunTests
{
    [Fact]
    public async Task LabFlow_AgainstTheRealLab_LogsInAndEveryCheckHolds()
    {
        // This scalelab's own lab command, as diagnose runs it, on one replica to start sooner.
        string[] command = ["dotnet", Path.Combine(AppContext.BaseDirectory, "scalelab.dll"), "lab", "up", "--port", "0", "--replicas", "1"];
        await using var lab = await ChildLab.StartAsync(command, TimeSpan.FromMinutes(2), CancellationToken.None);
        var flow = FlowFile.Parse(LabSampleFiles.FlowText, AppContext.BaseDirectory);
        var options = LoadOptions.Closed(connections: 4, TimeSpan.FromSeconds(30)) with { Requests = 40, Seed = Environment.ProcessId };

        var result = (await new LoadRunner(FlowTargets.Create(lab.EntryUrl, flow, options), options).RunAsync()).Result;

        Assert.Equal(40, result.Iterations);
        Assert.Equal(160, result.Requests);
        Assert.Equal(0, result.Errors);
        Assert.Equal(["feed", "login", "me", "order"], result.ByName.Keys);
        Assert.All(result.Checks, check => Assert.True(check.Value.Failed == 0, $"{check.Key}: {check.Value.Failed} failed"));
        // The session cookie went from the login to /me: /me answered for the user who logged in.
        Assert.Equal(40, result.Checks["me: json $.userId = {{userId}}"].Passed);
    }
}
