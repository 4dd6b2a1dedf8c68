using ScaleLab.Lab.Service;
using ScaleLab.Lab.Supervisor;

namespace ScaleLab.Lab.Tests.Supervisor;

public sealed class ReplicaLauncherTests
{
    [Fact]
    public void Arguments_ReplicaOptions_FollowTheCommandAfterItsProgram()
    {
        var launcher = new ReplicaLauncher(["/usr/bin/dotnet", "app.dll", "serve", "replica"]);
        var options = new ReplicaOptions { Store = "redis://127.0.0.1:6390", Shards = ["a.db"], ReplicaId = 3 };

        var arguments = launcher.Arguments(options);

        Assert.Equal("/usr/bin/dotnet", launcher.Program);
        Assert.Equal(["app.dll", "serve", "replica", .. options.ToArguments()], arguments);
        Assert.Equal("--port", options.ToArguments()[0]);
    }

    [Fact]
    public void Constructor_NoProgram_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ReplicaLauncher([]));
    }
}
