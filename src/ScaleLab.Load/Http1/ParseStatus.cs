namespace ScaleLab.Load.Http1;

/// <summary>What <see cref="HttpResponseParser"/> made of the bytes it was given.</summary>
internal enum ParseStatus
{
    /// <summary>The response is not finished yet; every byte given was consumed.</summary>
    NeedMoreData,

    /// <summary>The response is finished; bytes after the consumed ones belong to the next response.</summary>
    Complete,

    /// <summary>The bytes are not a valid HTTP/1.x response; the connection cannot be reused.</summary>
    Malformed,
}
