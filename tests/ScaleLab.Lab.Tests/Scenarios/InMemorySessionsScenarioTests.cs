using System.Net;
using System.Net.Http.Json;
using ScaleLab.Lab.Tests.Support;
using Xunit.Abstractions;

namespace ScaleLab.Lab.Tests.Scenarios;

public sealed class InMemorySessionsScenarioTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Me_InMemorySessionsBehindRoundRobin_LosesAboutHalfTheLogins()
    {
        await using var bed = await LabTestBed.CreateAsync();
        var replicas = new[] { await bed.StartReplicaAsync("in-memory-sessions", 1), await bed.StartReplicaAsync("in-memory-sessions", 2) };

        var lost = await LostLoginFractionAsync(replicas);

        output.WriteLine($"in-memory-sessions, 2 replicas, round robin: {lost:P0} of /me requests lost the login");
        Assert.InRange(lost, 0.4, 0.6);
    }

    [Fact]
    public async Task Me_StoreSessionsBehindRoundRobin_KeepsEveryLogin()
    {
        await using var bed = await LabTestBed.CreateAsync();
        var replicas = new[] { await bed.StartReplicaAsync("baseline", 1), await bed.StartReplicaAsync("baseline", 2) };

        var lost = await LostLoginFractionAsync(replicas);

        Assert.Equal(0, lost);
    }

    /// <summary>10 users log in and call /me 4 times each, every request going to the next replica in turn.</summary>
    private static async Task<double> LostLoginFractionAsync(HttpClient[] replicas)
    {
        var next = 0;
        HttpClient RoundRobin() => replicas[next++ % replicas.Length];
        int lost = 0, total = 0;
        for (var user = 1; user <= 10; user++)
        {
            var cookie = await LabTestBed.LoginAsync(RoundRobin(), user);
            for (var i = 0; i < 4; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
                request.Headers.Add("Cookie", cookie);
                using var response = await RoundRobin().SendAsync(request);
                total++;
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    lost++;
                }
                else
                {
                    Assert.Equal(user, (await response.Content.ReadFromJsonAsync<MeBody>())!.UserId);
                }
            }
        }

        return (double)lost / total;
    }

    private sealed record MeBody(long UserId);
}
