namespace ScaleLab.Load.Engine;

/// <summary>
/// One virtual user or connection: it performs one operation at a time, as often as the scheduler asks.
/// </summary>
/// <remarks>
/// The engine calls <see cref="ExecuteAsync"/> from one flow at a time, so an implementation may keep per-client
/// state (a socket, a buffer) without locks. When the engine gives up on an operation (its timeout, or the end of
/// the run) it cancels the token the client was created with; the client must then end the operation promptly.
/// The engine disposes a client whose operation was cancelled and creates a new one.
/// </remarks>
public interface ILoadClient : IAsyncDisposable
{
    /// <summary>Performs one operation. Exceptions are counted as errors of kind <see cref="ErrorKinds.Exception"/>.</summary>
    ValueTask<OperationResult> ExecuteAsync();

    /// <summary>
    /// Opens what the client needs (a connection) before the run's clock starts, so that the first operations don't
    /// pay for it. A failure is not reported here: the first operation will meet it and count it.
    /// </summary>
    ValueTask ConnectAsync() => ValueTask.CompletedTask;
}
