using ScaleLab.Lab.Processes;
using ScaleLab.Tests.Support;

namespace ScaleLab.Experiments.Tests.Support;

/// <summary>The real scalelab CLI (<see cref="BuiltCli"/>): the lab's processes are its <c>lab up</c>, <c>lab store</c> and <c>lab replica</c> commands.</summary>
internal static class ScalelabCli
{
    public static IReadOnlyList<string> Command(params string[] arguments) => [.. ProcessCommand.ForPath(BuiltCli.DllPath), .. arguments];
}
