namespace ScaleLab.Core.Merging;

/// <summary>
/// Results that cannot be merged exactly (a part without its histograms, a result that is not a run, a closed-model
/// run with an open-model one): the message is one line naming the part, fit for the command line as it is.
/// </summary>
public sealed class MergeException : Exception
{
    /// <summary>A merge refused, for the reason <paramref name="message"/>.</summary>
    public MergeException(string message)
        : base(message)
    {
    }

    /// <summary>A merge refused, for the reason <paramref name="message"/>, because of another failure.</summary>
    public MergeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>A merge refused.</summary>
    public MergeException()
        : base("the results cannot be merged")
    {
    }
}
