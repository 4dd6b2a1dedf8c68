using System.Globalization;
using ScaleLab.Experiments.Scaling;
using ScaleLab.Experiments.Tests.Support;
using Xunit.Abstractions;

namespace ScaleLab.Experiments.Tests.Scaling;

/// <summary>
/// The lab as <c>scale</c> starts it, after clients gave up on requests in flight (as the warm-up does when it ends,
/// and as every timed-out request does). Replicas that inherited the load generator's inline socket completions froze
/// for seconds then: Npgsql cancels an abandoned query synchronously on the socket engine's only thread, and every
/// socket of the replica waited; the first rate after a warm-up saw half its requests time out at two replicas.
/// </summary>
public sealed class LabAbandonedRequestsTests(ITestOutputHelper output)
{
    private const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    [Fact]
    public async Task Lab_ClientsAbandonQueriesInFlight_NextRequestsServedAtOnceAndNoServerInlinesCompletions()
    {
        await using var lab = new LabScaledSystem(new LabScaledSystemOptions
        {
            Scenario = "heavy-query",
            LabUpCommand = ScalelabCli.Command("lab", "up"),
            StoreCommand = ScalelabCli.Command("lab", "store"),
            Arguments = ["--db", "postgres"],
        });
        await lab.ResizeAsync(new ScaleSize(1), CancellationToken.None);

        // No server of the lab runs the generator's setting: not the supervisor (balancer), the store or a replica.
        var servers = lab.Processes().Where(p => p.Role is "balancer" or "replica" or "store").ToArray();
        Assert.Contains(servers, p => p.Role == "replica");
        foreach (var server in servers)
        {
            var environment = await File.ReadAllTextAsync($"/proc/{server.Pid.ToString(CultureInfo.InvariantCulture)}/environ");
            Assert.DoesNotContain(InlineCompletions + "=1", environment.Split('\0'));
        }

        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 256 }) { BaseAddress = lab.Endpoint };
        await GetFeedsAsync(http, 1, 4, TimeSpan.FromSeconds(30)); // warm: the first queries plan and connect

        // Rounds of feed reads abandoned mid-flight: with 4 workers, some are in PostgreSQL when their client leaves.
        for (var round = 0; round < 6; round++)
        {
            using var abandon = new CancellationTokenSource(TimeSpan.FromMilliseconds(60 + 40 * round));
            var reads = Enumerable.Range(0, 24).Select(i => http.GetAsync(Feed(100 + 24 * round + i), abandon.Token));
            try
            {
                await Task.WhenAll(reads);
            }
            catch (OperationCanceledException)
            {
                // Abandoned, as meant.
            }
        }

        // A frozen replica answered nothing for seconds (30 s seen); a healthy one answers each read in milliseconds.
        // Each gets 5 s, far more than a busy machine needs and far less than the freeze.
        var served = await GetFeedsAsync(http, 1000, 12, TimeSpan.FromSeconds(5));
        output.WriteLine($"served {served} of 12 after the abandoned reads");
        Assert.Equal(12, served);
    }

    private static string Feed(int user) => string.Create(CultureInfo.InvariantCulture, $"users/{user}/feed");

    /// <summary>Sequential feed reads, each with its own timeout: how many were answered 200.</summary>
    private static async Task<int> GetFeedsAsync(HttpClient http, int firstUser, int count, TimeSpan timeout)
    {
        var served = 0;
        for (var i = 0; i < count; i++)
        {
            using var patience = new CancellationTokenSource(timeout);
            try
            {
                using var response = await http.GetAsync(Feed(firstUser + i), patience.Token);
                served += response.IsSuccessStatusCode ? 1 : 0;
            }
            catch (OperationCanceledException)
            {
                // Not answered in time: not served.
            }
        }

        return served;
    }
}
