namespace ScaleLab.Load.Engine;

/// <summary>The outcome of one operation (one HTTP request, or one call of a user's scenario).</summary>
/// <param name="StatusCode">The HTTP status, or 0 for an operation that has none.</param>
/// <param name="Error">Null on success; otherwise the error's kind (see <see cref="ErrorKinds"/>, or a scenario's own word).</param>
/// <param name="BytesReceived">Payload bytes received, for the bytes-per-second figure.</param>
public readonly record struct OperationResult(int StatusCode, string? Error, long BytesReceived = 0)
{
    /// <summary>A successful operation.</summary>
    public static OperationResult Success(int statusCode = 0, long bytesReceived = 0) => new(statusCode, null, bytesReceived);

    /// <summary>A failed operation of the given kind.</summary>
    public static OperationResult Failure(string errorKind) => new(0, errorKind);

    /// <summary>Of a mix or a flow: the request's number in the run's <see cref="RequestTable"/>.</summary>
    internal int Request { get; init; }

    /// <summary>Of a request with checks: bit i set when its check i failed (checks are counted only for responses).</summary>
    internal ulong FailedChecks { get; init; }

    /// <summary>True when the response was evaluated against the request's checks.</summary>
    internal bool Checked { get; init; }

    /// <summary>True when the operation produced a response that was not an error.</summary>
    public bool IsSuccess => Error is null && StatusCode < 400;
}
