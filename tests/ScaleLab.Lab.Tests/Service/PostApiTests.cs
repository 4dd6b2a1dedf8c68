using System.Net;
using System.Net.Http.Json;
using ScaleLab.Lab.Data;
using ScaleLab.Lab.Tests.Support;

namespace ScaleLab.Lab.Tests.Service;

public sealed class PostApiTests
{
    [Fact]
    public async Task Post_LoggedIn_ShowsFirstInAFollowersFeed()
    {
        await using var bed = await LabTestBed.CreateAsync();
        var client = await bed.StartReplicaAsync("baseline");
        var data = new SeedData(LabTestBed.SmallData, bed.Shards.Ring);
        const long author = 5;
        var follower = Enumerable.Range(1, LabTestBed.SmallData.Users).First(u => data.Followees(u).Contains(author));
        var cookie = await LabTestBed.LoginAsync(client, author);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/posts") { Content = JsonContent.Create(new { body = "hello from the test" }) };
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request);
        var created = await response.Content.ReadFromJsonAsync<FeedApiTests.PostBody>();
        var feed = await client.GetFromJsonAsync<FeedApiTests.FeedBody>($"/users/{follower}/feed");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(author, created!.UserId);
        Assert.Equal(created.Id, feed!.Posts[0].Id);
        Assert.Equal("hello from the test", feed.Posts[0].Body);
    }

    [Fact]
    public async Task Post_NotLoggedIn_Returns401()
    {
        await using var bed = await LabTestBed.CreateAsync();
        var client = await bed.StartReplicaAsync("baseline");

        using var response = await client.PostAsJsonAsync("/posts", new { body = "anonymous" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Post_EmptyBody_Returns400(string body)
    {
        await using var bed = await LabTestBed.CreateAsync();
        var client = await bed.StartReplicaAsync("baseline");
        var cookie = await LabTestBed.LoginAsync(client, 3);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/posts") { Content = JsonContent.Create(new { body }) };
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
