using ScaleLab.Lab.Data;
using ScaleLab.Cli.Targets;
using ScaleLab.Load.Requests;

namespace ScaleLab.Cli.Tests.Samples;

/// <summary>
/// samples/lab-mix.json is what <c>diagnose</c> without a URL sends to the lab, written out so that
/// <c>--requests-file samples/lab-mix.json</c> against a running lab reproduces it: the two must not drift apart.
/// </summary>
public sealed class LabMixFileTests
{
    [Fact]
    public void Parse_SamplesLabMix_IsTheBuiltInMixOfTheDefaultSeed()
    {
        var file = RequestMixFile.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "samples", "lab-mix.json")));
        var builtIn = LabWorkload.Mix(new SeedOptions());

        Assert.Equal(builtIn.Count, file.Count);
        for (var i = 0; i < builtIn.Count; i++)
        {
            Assert.Equal(builtIn[i].Name, file[i].Name);
            Assert.Equal(builtIn[i].Weight, file[i].Weight);
            Assert.Equal(builtIn[i].Method, file[i].Method);
            Assert.Equal(builtIn[i].Target, file[i].Target);
            Assert.Equal(builtIn[i].Headers, file[i].Headers);
            Assert.Equal(builtIn[i].Body, file[i].Body);
        }
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
