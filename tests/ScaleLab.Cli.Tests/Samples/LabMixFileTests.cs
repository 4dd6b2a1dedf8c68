using ScaleLab.Cli.Targets;
using ScaleLab.Load.Flows;
using ScaleLab.Load.Requests;

namespace ScaleLab.Cli.Tests.Samples;

/// <summary>
/// The lab's samples: samples/lab-flow.json is what <c>diagnose</c> without a URL runs (built into the tool), and
/// samples/lab-mix.json the weighted mix of the same endpoints for <c>--requests-file</c>.
/// </summary>
public sealed class LabMixFileTests
{
    [Fact]
    public void Parse_SamplesLabMix_IsBuiltInAndCompilesWithItsNamedRequests()
    {
        var sample = File.ReadAllText(Path.Combine(RepositoryRoot(), "samples", "lab-mix.json"));
        var file = RequestMixFile.Parse(sample);

        // Built in for scale --lab: the same file.
        Assert.Equal(sample, LabSampleFiles.MixText);
        _ = RequestMix.Create(new Uri("http://127.0.0.1:8080/"), file);

        Assert.Equal(["feed", "login", "order"], file.Select(r => r.Name));
    }

    [Fact]
    public void LabFlowFile_BuiltIn_IsTheSamplesFileAndCompiles()
    {
        var sample = File.ReadAllText(Path.Combine(RepositoryRoot(), "samples", "lab-flow.json"));

        Assert.Equal(sample, LabSampleFiles.FlowText);
        var flow = FlowFile.Parse(LabSampleFiles.FlowText, RepositoryRoot());
        Assert.Equal(["login", "me", "feed", "order"], flow.Steps.Select(s => s.Name));
        _ = FlowTargets.Create(new Uri("http://127.0.0.1:8080/"), flow, new Load.Engine.LoadOptions());
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ScaleLab.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("ScaleLab.slnx not found above the test's directory");
    }
}
