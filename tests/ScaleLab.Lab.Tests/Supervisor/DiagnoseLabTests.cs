using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ScaleLab.Lab.Tests.Supervisor;

public sealed class DiagnoseLabTests
{
    [Fact]
    public async Task Diagnose_NoUrl_DiagnosesTheLabAndLeavesNothingRunning()
    {
        var directory = Directory.CreateTempSubdirectory("scalelab-diagnose-lab-");
        var json = Path.Combine(directory.FullName, "diagnose.json");
        try
        {
            var (code, output) = await ScalelabCli.RunAsync(
                directory.FullName,
                TimeSpan.FromSeconds(90),
                "diagnose", "--users", "8", "--max-duration", "25s", "--step-duration", "1s", "--baseline-duration", "1s", "--warmup", "1s", "--json", json);

            Assert.True(code == 0, output);
            using var result = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            var root = result.RootElement;
            Assert.Equal("diagnose", root.GetProperty("kind").GetString());
            Assert.StartsWith("http://127.0.0.1:", root.GetProperty("target").GetString());
            Assert.True(root.GetProperty("steps").GetArrayLength() >= 2, "the ramp measured at least two loads");
            Assert.Contains(root.GetProperty("verdict").GetProperty("kind").GetString(), new[] { "performance", "scalability", "both", "healthy" });
            // The lab's replicas were watched: their CPU is in every step.
            Assert.All(root.GetProperty("steps").EnumerateArray(), step => Assert.NotEqual(JsonValueKind.Null, step.GetProperty("cpuPercent").ValueKind));
            Assert.Contains("lab stopped", output);
            // The balancer and the store run in a process of their own, watched as part of the target, so that the
            // generator's CPU is its own: the supervisor and the two replicas, none of them the diagnosing process.
            var balancer = int.Parse(Regex.Match(output, @"balancer and store in process (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
            var watched = root.GetProperty("watch").GetProperty("processes").EnumerateArray().Select(p => p.GetProperty("pid").GetInt32()).ToArray();
            Assert.Equal(3, watched.Distinct().Count());
            Assert.Contains(balancer, watched);
            Assert.DoesNotContain(root.GetProperty("confidence").GetProperty("notes").EnumerateArray(), n => n.GetProperty("code").GetString() == "generatorShared");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
