using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ScaleLab.Core.Results;
using ScaleLab.Lab.Processes;

namespace ScaleLab.Lab.Supervisor;

/// <summary>
/// The supervisor's control endpoint, on a free 127.0.0.1 port recorded in the state file: <c>GET /status</c>,
/// <c>POST /scale/N</c>, <c>POST /replicas/ID/kill</c>, <c>POST /down</c>. Every request carries the state file's
/// token in <see cref="TokenHeader"/>, so that only the lab's owner (who can read the file) controls it.
/// </summary>
internal sealed class ControlServer : IAsyncDisposable
{
    public const string TokenHeader = "X-ScaleLab-Token";

    private readonly WebApplication _app;

    private ControlServer(WebApplication app, string token, Uri url)
    {
        _app = app;
        Token = token;
        Url = url;
    }

    public string Token { get; }

    public Uri Url { get; }

    public static async Task<ControlServer> StartAsync(ILabControl lab, CancellationToken cancellationToken)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, DetachedHostLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();

        app.Use(async (context, next) =>
        {
            if (!CryptographicOperations.FixedTimeEquals(
                    System.Text.Encoding.UTF8.GetBytes(context.Request.Headers[TokenHeader].ToString()),
                    System.Text.Encoding.UTF8.GetBytes(token)))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }

            await next(context);
        });
        app.MapGet("/status", () => Json(lab.Status()));
        app.MapPost("/scale/{replicas:int}", async (int replicas, CancellationToken aborted) =>
        {
            if (replicas is < 1 or > LabOptions.MaxReplicas)
            {
                return Results.Text($"replicas must be 1 to {LabOptions.MaxReplicas} (got {replicas})", statusCode: StatusCodes.Status400BadRequest);
            }

            try
            {
                return Json(await lab.ScaleAsync(replicas, aborted));
            }
            catch (Exception ex) when (ex is ChildProcessException or InvalidOperationException)
            {
                return Results.Text(ex.Message, statusCode: StatusCodes.Status500InternalServerError);
            }
        });
        app.MapPost("/replicas/{id:int}/kill", (int id) => lab.KillReplica(id) ? Results.Accepted() : Results.NotFound());
        app.MapPost("/down", () =>
        {
            lab.RequestStop();
            return Results.Accepted();
        });

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ControlServer(app, token, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }

    private static IResult Json<T>(T value) => Results.Text(ResultJson.Serialize(value), "application/json");
}
