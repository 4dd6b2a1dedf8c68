namespace ScaleLab.Cli.Targets;

/// <summary>
/// The lab's workloads in samples/, built into the tool (embedded resources) so that an installed .NET tool, which
/// has no repository beside it, loads the lab with the very files the README shows: <c>lab-flow.json</c> (log in,
/// read /me, read the feed, order), which <c>diagnose</c> without a URL runs, and <c>lab-mix.json</c> (8 feed reads,
/// 1 login, 1 order), which <c>scale --lab</c> sends so that capacity is in requests per second.
/// </summary>
internal static class LabSampleFiles
{
    /// <summary>samples/lab-flow.json.</summary>
    public static string FlowText => Read("ScaleLab.Cli.lab-flow.json");

    /// <summary>samples/lab-mix.json.</summary>
    public static string MixText => Read("ScaleLab.Cli.lab-mix.json");

    private static string Read(string resourceName)
    {
        using var stream = typeof(LabSampleFiles).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"the resource {resourceName} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
