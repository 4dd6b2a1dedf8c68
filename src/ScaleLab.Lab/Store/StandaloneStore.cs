namespace ScaleLab.Lab.Store;

/// <summary>The lab's embedded Garnet store on its own, for <c>lab store</c>: a process of its own that <see cref="StoreProcess"/> starts.</summary>
public sealed class StandaloneStore : IAsyncDisposable
{
    private readonly EmbeddedStore _store;

    private StandaloneStore(EmbeddedStore store) => _store = store;

    /// <summary>Its <c>redis://127.0.0.1:PORT</c> URL.</summary>
    public string Url => _store.Url;

    /// <summary>Starts Garnet on a free loopback port and checks that it answers PING.</summary>
    public static async Task<StandaloneStore> StartAsync(CancellationToken cancellationToken)
    {
        var store = EmbeddedStore.Start();
        try
        {
            await LabStores.PingAsync(store, cancellationToken);
            return new StandaloneStore(store);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _store.DisposeAsync();
}
