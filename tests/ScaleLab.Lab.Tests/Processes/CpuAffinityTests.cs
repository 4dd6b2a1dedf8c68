using System.Diagnostics;
using ScaleLab.Lab.Processes;

namespace ScaleLab.Lab.Tests.Processes;

public sealed class CpuAffinityTests
{
    [Theory]
    [InlineData(0, 1, 2, new[] { 0 })]
    [InlineData(1, 1, 2, new[] { 1 })]
    [InlineData(2, 1, 2, new[] { 0 })]
    [InlineData(0, 2, 2, new[] { 0, 1 })]
    [InlineData(1, 4, 2, new[] { 0, 1 })]
    [InlineData(1, 2, 8, new[] { 2, 3 })]
    public void Cores_ConsecutiveProcesses_TakeTheMachinesCoresInTurn(int index, int count, int machine, int[] expected) =>
        Assert.Equal(expected, CpuAffinity.Cores(index, count, machine));

    [Fact]
    public void Apply_ARunningProcess_EveryThreadPinned()
    {
        using var child = Process.Start(new ProcessStartInfo("sleep", "10") { UseShellExecute = false })!;
        try
        {
            var applied = CpuAffinity.Apply(child.Id, [0]);

            Assert.True(applied);
            var status = File.ReadAllLines($"/proc/{child.Id}/status");
            Assert.Contains("Cpus_allowed_list:\t0", status);
        }
        finally
        {
            child.Kill();
        }
    }
}
