using System.Globalization;
using static ScaleLab.Core.Diagnosis.DiagnosisText;

namespace ScaleLab.Core.Diagnosis;

/// <summary>
/// Failing: most of one user's requests failed. A target that answers 404 everywhere, never answers, or speaks
/// another protocol on the port is broken or misaddressed, not slow: its latencies describe failures, so calling it
/// a performance problem (and advising to look for N+1 queries) would send people the wrong way. The verdict shows
/// what came back instead: the status codes and the kinds of error.
/// </summary>
internal static class FailingRule
{
    public static bool Fails(DiagnoseStep baseline, DiagnosisThresholds t) =>
        baseline.Requests > 0 && baseline.ErrorRate >= t.FailingErrorRate;

    public static Verdict Verdict(DiagnoseStep baseline, DiagnosisThresholds t)
    {
        var failed = $"{Percent(baseline.ErrorRate, "0.#")} of requests failed ({baseline.Errors} of {baseline.Requests})";
        var what = $"with one user, {failed}";
        var evidence = new List<string> { $"one user: {failed}, at least the {Percent(t.FailingErrorRate)} that makes a target failing rather than slow" };
        if (baseline.StatusCodes.Count > 0)
        {
            evidence.Add("status codes: " + Tally(baseline.StatusCodes));
        }

        if (baseline.ErrorKinds.Count > 0)
        {
            evidence.Add("errors by kind: " + Tally(baseline.ErrorKinds));
        }

        evidence.Add("latencies and throughput of failed requests say nothing about speed or scaling, so no step is judged on them");
        return new Verdict(
            VerdictKind.Failing,
            VerdictCause.None,
            $"The target is failing, not slow: {what}. This is not a performance or scalability problem; fix the target or the request first.",
            evidence,
            Advice(baseline).ToArray());
    }

    private static IEnumerable<string> Advice(DiagnoseStep baseline)
    {
        var kinds = baseline.ErrorKinds;
        var codes = baseline.StatusCodes;
        var main = kinds.Count > 0 ? kinds.MaxBy(kv => kv.Value).Key : null;
        if (codes.Keys.Any(c => c is "404" or "405" or "410"))
        {
            yield return "Check the URL and the method: the target answers that there is no such resource (404, 405 or 410).";
        }

        if (codes.Keys.Any(c => c is "401" or "403" or "407"))
        {
            yield return "Add the credentials the target asks for (-H 'Authorization: …'): it refuses the requests (401, 403 or 407).";
        }

        if (codes.Keys.Any(c => c.StartsWith('5')))
        {
            yield return "Look at the target's logs: it answers with server errors (5xx) even for one user.";
        }

        if (codes.Keys.Any(c => c.StartsWith('4') && c is not ("404" or "405" or "410" or "401" or "403" or "407")))
        {
            yield return "Check the request itself (headers, body, content type): the target rejects it (4xx).";
        }

        switch (main)
        {
            case "timeout":
                yield return "The target accepted connections but did not answer within --timeout: is the service stuck, or does the port speak something other than HTTP/1.1 (an HTTP/2-only port needs --http2, a TLS port https://)?";
                break;
            case "malformed":
                yield return "The answers were not HTTP/1.1: an HTTP/2-only (h2c) port needs --http2, a TLS port needs https://, or the port is not an HTTP service.";
                break;
            case "connect" or "dns":
                yield return "Check that the service is up and listening at that address.";
                break;
            case "reset" or "closed":
                yield return "The target closed or reset the connections: check its logs, its connection limits, and that the port speaks HTTP.";
                break;
            case "tls":
                yield return "The TLS handshake failed: check the certificate (-k accepts a self-signed one) and that the port speaks TLS.";
                break;
        }

        yield return "Re-run diagnose once one user's requests succeed.";
    }

    /// <summary>"404: 250, 200: 3", most frequent first.</summary>
    private static string Tally(IReadOnlyDictionary<string, long> counts) =>
        string.Join(", ", counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}: {kv.Value}")));
}
