using System.Reflection;
using System.Xml.Linq;
using ScaleLab.Core.Results;
using ScaleLab.Lab.Supervisor;
using ScaleLab.Load.Engine;
using ScaleLab.Reports;

namespace ScaleLab.Cli.Tests.Architecture;

/// <summary>
/// The arrows point inwards: Cli → Lab/Load → Core, never back (docs/architecture.md). Checked twice: in the project
/// files, where a wrong reference is added, and in the built assemblies, where a transitive one would show.
/// </summary>
public sealed class DependencyRuleTests
{
    /// <summary>What each library project must not reference (project or package), by name prefix.</summary>
    public static TheoryData<string, string[]> Forbidden => new()
    {
        { "ScaleLab.Core", ["ScaleLab.", "Microsoft.AspNetCore", "System.CommandLine", "Spectre.", "Npgsql", "Microsoft.Data.", "StackExchange.", "Yarp.", "Microsoft.Garnet", "ScottPlot"] },
        { "ScaleLab.Load", ["ScaleLab.Lab", "ScaleLab.Cli", "System.CommandLine", "Spectre.", "ScottPlot"] },
        { "ScaleLab.Lab", ["ScaleLab.Load", "ScaleLab.Cli", "System.CommandLine", "Spectre.", "ScottPlot"] },
        { "ScaleLab.Experiments", ["ScaleLab.Cli", "System.CommandLine", "Spectre.", "ScottPlot"] },
        // Agents carry the engine and merge results: no lab, experiment, console or plotting library.
        { "ScaleLab.Agents", ["ScaleLab.Lab", "ScaleLab.Experiments", "ScaleLab.Reports", "ScaleLab.Cli", "System.CommandLine", "Spectre.", "ScottPlot"] },
        // Reports render Core's results and nothing else: no engine, lab, experiment, console or plotting library.
        { "ScaleLab.Reports", ["ScaleLab.Load", "ScaleLab.Lab", "ScaleLab.Experiments", "ScaleLab.Cli", "Microsoft.AspNetCore", "System.CommandLine", "Spectre.", "ScottPlot", "SkiaSharp"] },
    };

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void ProjectFile_References_NoneThatPointOutwards(string project, string[] forbidden)
    {
        var file = Path.Combine(RepositoryRoot(), "src", project, project + ".csproj");
        var references = XDocument.Load(file).Descendants()
            .Where(e => e.Name.LocalName is "ProjectReference" or "PackageReference" or "FrameworkReference")
            .Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")?.Value.Replace('\\', '/') ?? ""))
            .ToArray();

        Assert.DoesNotContain(references, r => forbidden.Any(f => r.StartsWith(f, StringComparison.OrdinalIgnoreCase)));
    }

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void BuiltAssembly_References_NoneThatPointOutwards(string project, string[] forbidden)
    {
        var assembly = Assemblies[project];

        var references = assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToArray();

        Assert.DoesNotContain(references, r => forbidden.Any(f => r.StartsWith(f, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void ReportsProject_References_OnlyCore()
    {
        var file = Path.Combine(RepositoryRoot(), "src", "ScaleLab.Reports", "ScaleLab.Reports.csproj");
        var references = XDocument.Load(file).Descendants()
            .Where(e => e.Name.LocalName is "ProjectReference" or "PackageReference" or "FrameworkReference")
            .Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")?.Value.Replace('\\', '/') ?? ""))
            .ToArray();

        Assert.Equal(["ScaleLab.Core"], references);
    }

    [Fact]
    public void CoreAssembly_References_NothingThatDoesIo()
    {
        // The core judges numbers; a socket, a process, a file system watcher or a web host has no business there.
        string[] io = ["System.Net.", "System.Diagnostics.Process", "System.IO.FileSystem.Watcher", "System.Console", "Microsoft.Extensions.Hosting"];

        var references = Assemblies["ScaleLab.Core"].GetReferencedAssemblies().Select(a => a.Name ?? "").ToArray();

        Assert.DoesNotContain(references, r => io.Any(f => r.StartsWith(f, StringComparison.Ordinal)));
    }

    private static readonly Dictionary<string, Assembly> Assemblies = new()
    {
        ["ScaleLab.Core"] = typeof(RunResult).Assembly,
        ["ScaleLab.Load"] = typeof(LoadRunner).Assembly,
        ["ScaleLab.Lab"] = typeof(LabOptions).Assembly,
        ["ScaleLab.Experiments"] = typeof(ScaleLab.Experiments.Scaling.ScaleExperiment).Assembly,
        ["ScaleLab.Agents"] = typeof(ScaleLab.Agents.AgentDefaults).Assembly,
        ["ScaleLab.Reports"] = typeof(HtmlReport).Assembly,
    };

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ScaleLab.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"no ScaleLab.slnx above {AppContext.BaseDirectory}");
    }
}
