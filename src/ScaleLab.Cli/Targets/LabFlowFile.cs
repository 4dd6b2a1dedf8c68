namespace ScaleLab.Cli.Targets;

/// <summary>
/// samples/lab-flow.json, built into the tool (an embedded resource) so that <c>diagnose</c> without a URL finds it
/// when installed as a .NET tool too, where the repository's samples are not: log in, read /me, read the feed, order.
/// </summary>
internal static class LabFlowFile
{
    private const string ResourceName = "ScaleLab.Cli.lab-flow.json";

    public static string Text
    {
        get
        {
            using var stream = typeof(LabFlowFile).Assembly.GetManifestResourceStream(ResourceName)
                ?? throw new InvalidOperationException($"the resource {ResourceName} is missing from the build");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }
}
