using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ScaleLab.Lab.Capacity;
using ScaleLab.Lab.Data;
using ScaleLab.Lab.Scenarios;
using StackExchange.Redis;

namespace ScaleLab.Lab.Service;

/// <summary>
/// The replica's Program: builds the web application (services, middleware, endpoints), starts it on 127.0.0.1,
/// and runs it until told to stop, then drains. <see cref="RunAsync"/> is the process's life;
/// <see cref="StartAsync"/> is what tests use to run several replicas in one process.
/// </summary>
internal static class ReplicaHost
{
    /// <summary>
    /// Starts the replica, prints <c>ready http://127.0.0.1:PORT</c>, and serves until <paramref name="stop"/> fires
    /// (SIGTERM, Ctrl-C), the host is told to stop, or the parent process is gone; then drains and returns 0.
    /// Returns 1, with one line on stderr, when it cannot start.
    /// </summary>
    public static async Task<int> RunAsync(ReplicaOptions options, TextWriter output, TextWriter errors, CancellationToken stop)
    {
        RunningReplica replica;
        try
        {
            replica = await StartAsync(options, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 0;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            await errors.WriteLineAsync($"scalelab: replica {options.ReplicaId} cannot start: {ex.Message.Split('\n')[0]}");
            return 1;
        }

        await using (replica)
        {
            await output.WriteLineAsync(ReplicaOptions.ReadyPrefix + replica.BaseAddress);
            await output.FlushAsync(CancellationToken.None);

            using var parentGone = new CancellationTokenSource();
            using var done = CancellationTokenSource.CreateLinkedTokenSource(stop, replica.Stopping, parentGone.Token);
            var watch = options.ParentPid is { } parent
                ? WatchParentAsync(parent, parentGone, done.Token)
                : Task.CompletedTask;
            try
            {
                await Task.Delay(Timeout.Infinite, done.Token);
            }
            catch (OperationCanceledException)
            {
            }

            if (parentGone.IsCancellationRequested)
            {
                await errors.WriteLineAsync($"scalelab: replica {options.ReplicaId}: parent process {options.ParentPid} is gone; stopping");
            }

            await replica.StopAsync();
            await watch;
        }

        return 0;
    }

    /// <summary>Opens the shards, connects to the store, prepares the scenario's schema, and starts serving.</summary>
    public static async Task<RunningReplica> StartAsync(ReplicaOptions options, CancellationToken cancellationToken)
    {
        var problems = options.Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        var scenario = LabScenarios.Find(options.Scenario);
        var shards = ShardSet.Open(options.Database, options.Shards);
        ConnectionMultiplexer? store = null;
        WebApplication? app = null;
        try
        {
            store = await StoreConnection.ConnectAsync(options.Store, cancellationToken);
            await LabScenarios.PrepareDataAsync(shards, options.Scenario, cancellationToken);
            app = Build(options, scenario, shards, store);
            await app.Services.GetRequiredService<WriteBroadcast>().StartAsync();
            await app.StartAsync(cancellationToken);
            var replica = new RunningReplica(app, shards, store);
            app.Services.GetRequiredService<ReplicaState>().MarkReady();
            return replica;
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            if (store is not null)
            {
                await store.DisposeAsync();
            }

            await shards.DisposeAsync();
            throw;
        }
    }

    private static WebApplication Build(ReplicaOptions options, ILabScenario scenario, ShardSet shards, ConnectionMultiplexer store)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });

        // stdout carries exactly one line, the ready line: logs (warnings and worse) go to stderr.
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ReplicaOptions.DrainTimeout);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });

        var time = TimeProvider.System;
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(scenario);
        services.AddSingleton(shards);
        services.AddSingleton<IConnectionMultiplexer>(store);
        services.AddSingleton(time);
        services.AddSingleton<LabMetrics>();
        services.AddSingleton<ReplicaState>();
        services.AddSingleton<PreciseDelay>();
        services.AddSingleton(provider => new CapacityModel(
            options.Workers, TimeSpan.FromMilliseconds(options.CpuMs), TimeSpan.FromMilliseconds(options.IoMs), time, provider.GetRequiredService<PreciseDelay>()));
        services.AddSingleton(new LabIds(options.ReplicaId, time));
        services.AddSingleton<FeedCache>();
        services.AddSingleton<ISessionStore>(provider => scenario.KeepsSessionsInMemory
            ? new MemorySessionStore(time)
            : new StoreSessionStore(store));
        services.AddSingleton<ActivityView>();
        services.AddSingleton<WriteBroadcast>();
        services.AddSingleton(provider => new GlobalLock(
            store, provider.GetRequiredService<LabMetrics>(), new Random(options.Seed), time, provider.GetRequiredService<PreciseDelay>(), options.ReplicaId));
        services.AddScoped<QueryCounter>();
        services.AddScoped<LabDatabase>();

        var app = builder.Build();
        app.UseRouting();
        app.UseMiddleware<RequestMetricsMiddleware>();
        app.UseMiddleware<CapacityMiddleware>();
        if (scenario.SerializesRequests)
        {
            app.UseMiddleware<GlobalLockMiddleware>();
        }

        app.UseMiddleware<SimulatedWorkMiddleware>();
        app.MapSessionApi()
            .MapFeedApi()
            .MapPostApi()
            .MapProductApi()
            .MapOrderApi()
            .MapSearchApi()
            .MapHealthApi();
        return app;
    }

    private static async Task WatchParentAsync(int pid, CancellationTokenSource parentGone, CancellationToken stop)
    {
        await ParentProcessWatch.WaitForExitAsync(pid, ReplicaOptions.ParentPollInterval, TimeProvider.System, stop);
        if (!stop.IsCancellationRequested)
        {
            await parentGone.CancelAsync();
        }
    }
}
