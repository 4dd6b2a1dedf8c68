using System.Net;
using System.Net.Sockets;
using Garnet;
using Garnet.server;

namespace ScaleLab.Lab.Tests.Support;

/// <summary>
/// A real Redis-protocol store for a test: Microsoft.Garnet's server in this process, on a free loopback port, in
/// memory only (no AOF, no checkpoints, no storage tier), small enough to start in milliseconds.
/// </summary>
internal sealed class EmbeddedGarnet : IDisposable
{
    private readonly GarnetServer _server;

    public EmbeddedGarnet()
    {
        // Garnet binds the endpoint it is given; a port just released by the OS is free, and loopback-only.
        Port = FreePort();
        _server = new GarnetServer(new GarnetServerOptions
        {
            EndPoints = [new IPEndPoint(IPAddress.Loopback, Port)],
            QuietMode = true,
            LogMemorySize = "64m",
            PageSize = "1m",
            IndexMemorySize = "16m",
            EnableAOF = false,
            EnableStorageTier = false,
        });
        _server.Start();
    }

    public int Port { get; }

    /// <summary>The address replicas take as <c>--store</c>.</summary>
    public string Url => $"redis://127.0.0.1:{Port}";

    public void Dispose() => _server.Dispose();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
