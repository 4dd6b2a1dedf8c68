using System.Globalization;
using ScaleLab.Core.Scaling;

namespace ScaleLab.Experiments.Scaling;

/// <summary>The fault in one line, in the seed article's terms: losing one server of N costs 1/N of the capacity.</summary>
public static class FaultSummary
{
    /// <summary>E.g. "killed replica-2 of 4 at 5.0 s: 3 of 4000 requests failed (0.08%: reset 3); ejected after 120 ms, replaced after 2900 ms; 400 → 398 → 400 ok/s (1 of 4 = 25% of capacity at risk, 0% lost); orders: 250 acknowledged, 0 lost, 0 doubled".</summary>
    public static string Describe(ScaleFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        var c = CultureInfo.InvariantCulture;
        var share = fault.Requests > 0 ? 100.0 * fault.Errors / fault.Requests : 0;
        var kinds = fault.ErrorKinds.Count == 0 ? "" : ": " + string.Join(", ", fault.ErrorKinds.OrderByDescending(k => k.Value).Select(k => string.Create(c, $"{k.Key} {k.Value}")));
        var ejected = fault.EjectedAfterMs is { } e ? string.Create(c, $"ejected after {e:0} ms") : "ejection not seen";
        var replaced = fault.ReplacedAfterMs is { } r ? string.Create(c, $"replaced after {r:0} ms") : "no replacement";
        var orders = fault.OrdersAcknowledged is { } acked
            ? string.Create(c, $"; orders: {acked} acknowledged, {fault.OrdersLost ?? 0} lost, {fault.OrdersDoubled ?? 0} doubled")
            : "";
        return string.Create(c,
            $"killed {fault.Replica} of {fault.Replicas} at {fault.KilledAtSeconds:0.0} s: {fault.Errors} of {fault.Requests} requests failed ({share:0.##}%{kinds}); {ejected}, {replaced}; {fault.CapacityBefore:0} → {fault.CapacityDuring:0} → {fault.CapacityAfter:0} ok/s (1 of {fault.Replicas} = {fault.ExpectedLossShare * 100:0.#}% of capacity at risk, {fault.MeasuredLossShare * 100:0.#}% lost){orders}");
    }
}
