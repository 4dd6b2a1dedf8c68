namespace ScaleLab.Load.Engine;

/// <summary>
/// A client factory whose operations are iterations of several steps (a flow): each client records its own steps
/// through the <see cref="IStepRecorder"/> it is given, and the engine records the iteration as a whole.
/// </summary>
internal interface IStepClientFactory
{
    ILoadClient CreateClient(int index, CancellationToken abort, IStepRecorder steps);
}
