namespace ScaleLab.Lab.Store;

/// <summary>A Redis-protocol server the user runs (<c>--store redis://HOST:PORT</c>): checked once, never stopped by the lab.</summary>
internal sealed class ExternalStore(string host, int port) : ILabStore
{
    public string Kind => "external";

    public string Url => $"redis://{host}:{Port}";

    public int Port { get; } = port;

    public int? Pid => null;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
