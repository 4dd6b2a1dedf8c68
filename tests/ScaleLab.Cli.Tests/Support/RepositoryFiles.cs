namespace ScaleLab.Cli.Tests.Support;

/// <summary>Files of the repository the tests read (samples/), found from the test's directory upwards.</summary>
internal static class RepositoryFiles
{
    public static string Path(params string[] parts)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "ScaleLab.slnx")))
        {
            directory = directory.Parent;
        }

        var root = directory?.FullName ?? throw new InvalidOperationException("ScaleLab.slnx not found above the test's directory");
        return System.IO.Path.Combine([root, .. parts]);
    }
}
