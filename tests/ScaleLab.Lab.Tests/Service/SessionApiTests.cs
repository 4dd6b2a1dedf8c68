using System.Net;
using System.Net.Http.Json;
using ScaleLab.Lab.Tests.Support;

namespace ScaleLab.Lab.Tests.Service;

public sealed class SessionApiTests
{
    [Fact]
    public async Task Login_ThenMeWithCookie_ReturnsTheUser()
    {
        await using var bed = await LabTestBed.CreateAsync();
        var client = await bed.StartReplicaAsync("baseline");

        var cookie = await LabTestBed.LoginAsync(client, 42);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = await response.Content.ReadFromJsonAsync<MeBody>();
        Assert.Equal(42, me!.UserId);
        Assert.Equal("user42", me.Name);
    }

    [Fact]
    public async Task Me_WithoutCookie_Returns401()
    {
        await using var bed = await LabTestBed.CreateAsync();
        var client = await bed.StartReplicaAsync("baseline");

        using var response = await client.GetAsync("/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Login_UnknownUser_Returns401()
    {
        await using var bed = await LabTestBed.CreateAsync();
        var client = await bed.StartReplicaAsync("baseline");

        using var response = await client.PostAsJsonAsync("/login", new { userId = 999_999 });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private sealed record MeBody(long UserId, string Name, int Replica);
}
