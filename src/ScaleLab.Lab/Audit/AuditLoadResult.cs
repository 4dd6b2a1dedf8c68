namespace ScaleLab.Lab.Audit;

/// <summary>What the audit's load saw from the client's side.</summary>
/// <param name="Sent">Orders attempted (distinct keys).</param>
/// <param name="AcknowledgedKeys">Keys answered with a 2xx (201 created, or 200 for a retry that found its order).</param>
/// <param name="Rejected">Keys answered with a 4xx (409 sold out, 404 no such product): no order, by design.</param>
/// <param name="Failed">Keys that never got an answer other than an error, after every retry.</param>
/// <param name="Retries">Requests sent again with the same key after an error.</param>
public sealed record AuditLoadResult(int Sent, IReadOnlyList<string> AcknowledgedKeys, int Rejected, int Failed, int Retries);
