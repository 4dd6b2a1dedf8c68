namespace ScaleLab.Load.Engine;

/// <summary>The kinds errors are counted by, as they appear in <c>errorKinds</c>.</summary>
public static class ErrorKinds
{
    /// <summary>The connection could not be made (refused, unreachable).</summary>
    public const string Connect = "connect";
    /// <summary>The host name did not resolve.</summary>
    public const string Dns = "dns";
    /// <summary>The connection was reset by the peer.</summary>
    public const string Reset = "reset";
    /// <summary>No response within the request timeout.</summary>
    public const string Timeout = "timeout";
    /// <summary>A response that is not valid HTTP/1.1.</summary>
    public const string Malformed = "malformed";
    /// <summary>The target closed the connection before the response was complete.</summary>
    public const string Closed = "closed";

    /// <summary>Bytes (an extra response, garbage) that arrived on a connection while no request was outstanding.</summary>
    public const string Unsolicited = "unsolicited";
    /// <summary>The TLS handshake failed.</summary>
    public const string Tls = "tls";
    /// <summary>A response with a status of 400 to 499.</summary>
    public const string Http4xx = "http4xx";
    /// <summary>A response with a status of 500 or more.</summary>
    public const string Http5xx = "http5xx";
    /// <summary>Any other failure of the client.</summary>
    public const string Exception = "exception";

    /// <summary>
    /// The engine itself failed (its event loop died, a user's loop stopped on an unexpected exception): the load
    /// offered was less than asked, and the figures must not be read as the target's.
    /// </summary>
    public const string Engine = "engine";

    /// <summary>
    /// True for failures that produced no response at all; their latency is not recorded because it measures how
    /// fast a connection failed, not how fast the target served.
    /// </summary>
    public static bool IsTransport(string? kind) =>
        kind is Connect or Dns or Reset or Malformed or Closed or Tls or Unsolicited or Engine;

    /// <summary>
    /// True when an operation's latency belongs in the latency histograms: not for transport failures, and not for
    /// timeouts, whose "latency" is the timeout the user chose, not anything the target did.
    /// </summary>
    public static bool HasLatency(string? kind) => kind is not Timeout && !IsTransport(kind);

    /// <summary>The error kind of an HTTP status, or null when the status is not an error.</summary>
    public static string? OfStatus(int statusCode) => statusCode switch
    {
        >= 500 => Http5xx,
        >= 400 => Http4xx,
        _ => null,
    };
}
