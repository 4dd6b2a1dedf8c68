namespace ScaleLab.Load.Engine;

/// <summary>
/// What a flow's client reports its steps to: one worker's recording, with the same rules as a single request's
/// (latency from the intended start, timeouts and transport failures out of the histograms, warm-up apart).
/// </summary>
internal interface IStepRecorder
{
    TimeProvider Time { get; }

    /// <summary>Cancelled when the run is stopped: pauses between steps end at once.</summary>
    CancellationToken Interrupt { get; }

    /// <summary>
    /// The intended start of the iteration in flight: its arrival in the open model, its actual start in the closed
    /// one. The first step's intended start.
    /// </summary>
    long IterationIntended { get; }

    /// <summary>False once the window has closed or the run was stopped: the iteration ends without its other steps.</summary>
    bool MayStartStep(long now);

    /// <summary>Marks a step's actual start (its timeout counts from it) and returns it.</summary>
    long BeginStep();

    /// <summary>Marks a pause between steps: no timeout runs while the virtual user thinks.</summary>
    void Pause();

    /// <summary>Records one step's outcome, its latency from <paramref name="intended"/>.</summary>
    void RecordStep(in OperationResult result, long intended, long start, long end);

    /// <summary>Closes the run's window early, for the given reason (a data file's unique rows all used).</summary>
    void EndRun(string reason);
}
