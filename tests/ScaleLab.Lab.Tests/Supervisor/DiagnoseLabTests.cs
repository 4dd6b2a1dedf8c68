using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ScaleLab.Lab.Service;
using ScaleLab.Lab.Supervisor;

namespace ScaleLab.Lab.Tests.Supervisor;

public sealed class DiagnoseLabTests
{
    [Fact]
    public async Task Diagnose_NoUrlPastTheLabsCapacity_FindsAScalabilityProblemAndLeavesNothingRunning()
    {
        // The lab's default system: 2 replicas of 4 workers, each request holding one for io-ms 20 and cpu-ms 0.5.
        // 32 users are four times its 8 workers: throughput must flatten at workers / service time whatever the
        // machine, so the verdict is scalability. The cause depends on the machine: contention (the workers queue
        // with CPU to spare) on a quiet one, saturation when other work leaves the replicas no CPU to take.
        var replicas = LabOptions.DefaultReplicas;
        var workers = replicas * ReplicaOptions.DefaultWorkers;
        var serviceSeconds = (ReplicaOptions.DefaultIoMs + ReplicaOptions.DefaultCpuMs) / 1000;
        var directory = Directory.CreateTempSubdirectory("scalelab-diagnose-lab-");
        var json = Path.Combine(directory.FullName, "diagnose.json");
        try
        {
            var (code, output) = await ScalelabCli.RunAsync(
                directory.FullName,
                TimeSpan.FromSeconds(150),
                "diagnose", "--users", "32", "--max-duration", "90s", "--step-duration", "2s", "--baseline-duration", "1s", "--warmup", "1s", "--json", json);

            Assert.True(code == 0, output);
            using var result = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            var root = result.RootElement;
            Assert.Equal("diagnose", root.GetProperty("kind").GetString());
            Assert.StartsWith("http://127.0.0.1:", root.GetProperty("target").GetString());
            var verdict = root.GetProperty("verdict");
            var steps = root.GetProperty("steps").EnumerateArray().ToArray();
            // On a plateau a noisy last step looks like a fall: 2 s steps (not 1 s) keep that noise down, and a
            // failure shows the ramp that led to the verdict.
            var ramp = $"{verdict}\n" + string.Join("\n", steps.Select(s => $"  N={s.GetProperty("concurrency")} X={s.GetProperty("throughput")} " +
                $"cpu={s.GetProperty("cpuPercent")} machine={s.GetProperty("machineCpuPercent")} p50={s.GetProperty("latencyMs").GetProperty("p50")}"));
            Assert.True(verdict.GetProperty("kind").GetString() == "scalability", ramp);
            // The lab has no coherency cost: a flat ceiling is contention or saturation. On a machine kept busy by
            // other work a noisy last step can dip under the plateau and read as coherency (seen once at 97% busy);
            // then the dip must be noise, not a collapse: the last step keeps most of the peak.
            var cause = verdict.GetProperty("cause").GetString();
            if (cause == "coherency")
            {
                var throughputs = steps.Select(s => s.GetProperty("throughput").GetDouble()).ToArray();
                Assert.True(throughputs[^1] >= 0.6 * throughputs.Max(), ramp);
            }
            else
            {
                Assert.True(cause is "contention" or "saturation", ramp);
            }
            Assert.True(verdict.GetProperty("evidence").GetArrayLength() > 0);

            Assert.True(steps.Length >= 2, "the ramp measured at least two loads");
            foreach (var step in steps)
            {
                var users = step.GetProperty("concurrency").GetInt32();
                var throughput = step.GetProperty("throughput").GetDouble();
                var latency = step.GetProperty("latencyMs");
                // No request is answered before its simulated work is done...
                Assert.True(latency.GetProperty("p50").GetDouble() >= serviceSeconds * 1000, $"{users} users: {latency}");
                // ...so no step serves more than its busy workers allow (10% and one request per user for the
                // window's edges, where requests started in the step before end).
                var ceiling = 1.1 * Math.Min(users, workers) / serviceSeconds + users / step.GetProperty("durationSeconds").GetDouble();
                Assert.True(throughput <= ceiling, $"{users} users: {throughput} req/s, above the lab's {ceiling:F0}");
                Assert.Equal(0, step.GetProperty("errors").GetInt64());
                // The lab's replicas were watched: their CPU is in every step.
                Assert.NotEqual(JsonValueKind.Null, step.GetProperty("cpuPercent").ValueKind);
            }

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
