using static ScaleLab.Core.Diagnosis.DiagnosisText;

namespace ScaleLab.Core.Diagnosis;

/// <summary>
/// What limits a verdict: too few steps, noisy steps, a fit that describes them poorly, a baseline too short for its
/// percentile, a ramp that stopped short, a generator out of CPU (then the target is not blamed), a target in the
/// generator's process, and, without <c>--watch</c>, that saturation and contention look the same.
/// </summary>
internal static class ConfidenceRules
{
    public const string InterruptedCode = "interrupted";
    public const string UntestedCode = "untested";
    public const string GeneratorSaturatedCode = "generatorSaturated";
    public const string GeneratorSharedCode = "generatorShared";
    public const string NotWatchedCode = "notWatched";
    public const string FewStepsCode = "fewSteps";
    public const string NoisyStepsCode = "noisySteps";
    public const string FewBaselineResponsesCode = "fewBaselineResponses";
    public const string PoorFitCode = "poorFit";
    public const string ShortOfUsersCode = "shortOfUsers";
    public const string SlowBaselineCode = "slowBaseline";
    public const string RepeatedStepsCode = "repeatedSteps";
    public const string BusyMachineCode = "busyMachine";

    /// <summary>Per-user throughput this far above the lone user's says the baseline was slower than the target really is.</summary>
    private const double SlowBaselineFactor = 1.1;

    public static IReadOnlyList<ConfidenceNote> Notes(RampView view, DiagnosisInput input, VerdictKind kind, VerdictCause cause, DiagnosisThresholds t)
    {
        var notes = new List<ConfidenceNote>();
        var cut = input.Steps.FirstOrDefault(s => s.Interrupted);
        if (cut is not null || input.Stop?.Reason == RampStopReason.Interrupted)
        {
            var where = cut is null ? string.Empty : $" during the step at {Users(cut.Concurrency)}";
            notes.Add(new(InterruptedCode, $"interrupted{where}: the verdict rests on what was measured before", ConfidenceLevel.Low));
        }

        if (view.GeneratorLimitedAt is { } limited)
        {
            notes.Add(new(GeneratorSaturatedCode,
                $"the load generator used {Percent(limited.GeneratorUtilization)} of its CPU at {Users(limited.Concurrency)}: from there it, not the target, limited throughput, " +
                "so those steps are not held against the target (run the generator on another machine, or give it more cores)",
                ConfidenceLevel.Low));
        }

        if (view.Ramp.Count == 0)
        {
            notes.Add(new(UntestedCode, "no load step beyond one user was measured: scalability is untested", ConfidenceLevel.Low));
        }

        if (!input.GeneratorIsSeparate)
        {
            notes.Add(new(GeneratorSharedCode,
                "a watched process is the generator's own (the target is served in-process): its CPU includes the generator's, and the generator's includes the target's",
                ConfidenceLevel.Medium));
        }

        if (!input.Watching)
        {
            var matters = kind is VerdictKind.Scalability or VerdictKind.Both && cause is VerdictCause.Contention or VerdictCause.Saturation;
            notes.Add(new(NotWatchedCode,
                "without --watch, saturation and contention cannot be told apart: both flatten throughput the same way, because a full CPU is a queue just like a lock, " +
                "and only the target's own CPU use says which (re-run with --watch PID or --watch-name NAME)",
                matters ? ConfidenceLevel.Medium : ConfidenceLevel.High));
        }

        var loads = view.Measured.Select(s => s.Concurrency).Distinct().Count();
        if (view.Ramp.Count > 0 && loads < t.FewLoads)
        {
            notes.Add(new(FewStepsCode,
                $"only {loads} loads were measured ({string.Join(", ", view.Measured.Select(s => s.Concurrency))}): the fit and the shape of the curve rest on few points",
                ConfidenceLevel.Medium));
        }

        if (view.Baseline.Repeated)
        {
            notes.Add(new(RepeatedStepsCode,
                "the one-user baseline broke the objective on few responses, where one stall can decide, so it was measured again; the better measurement is the one shown",
                kind is VerdictKind.Performance or VerdictKind.Both ? ConfidenceLevel.High : ConfidenceLevel.Medium));
        }

        var repeated = view.Ramp.Concat(view.Measured.Where(s => s.Concurrency > input.Users)).Where(s => s.Repeated).ToArray();
        if (repeated.Length > 0)
        {
            notes.Add(new(RepeatedStepsCode,
                (repeated.Length == 1 ? "the step at " : "the steps at ") + string.Join(", ", repeated.Select(s => Users(s.Concurrency))) +
                " looked like a stall (a sudden fall, errors or a latency spike) and " + (repeated.Length == 1 ? "was" : "were") +
                " measured again; the least disturbed measurement is the one shown",
                ConfidenceLevel.Medium));
        }

        var noisy = view.Measured.Where(s => s.ThroughputVariation > t.NoisyVariation).ToArray();
        if (noisy.Length > 0)
        {
            notes.Add(new(NoisyStepsCode,
                "throughput varied within " + string.Join(", ", noisy.Select(s => $"the step at {Users(s.Concurrency)} (±{Percent(s.ThroughputVariation!.Value)})")) +
                ": something else loaded the target or this machine, or the steps were too short to settle",
                ConfidenceLevel.Medium));
        }

        if (view.Baseline.Requests < t.FewBaselineResponses)
        {
            notes.Add(new(FewBaselineResponsesCode,
                $"the one-user baseline holds only {view.Baseline.Requests} responses: its {input.Slo.Name} is little more than its slowest response (a longer --baseline-duration steadies it)",
                ConfidenceLevel.Medium));
        }

        // Relative to the throughput, not R²: a flat line (a lock) has almost no variance for R² to explain.
        if (view.Analysis is { Usl.ResidualStandardError: { } rse } analysis && rse > t.PoorFitError * view.Measured.Average(s => s.Throughput))
        {
            notes.Add(new(PoorFitCode,
                $"the USL misses the steps by {Rate(rse)} on average ({Percent(rse / view.Measured.Average(s => s.Throughput))} of the mean throughput, R² = {analysis.Usl.RSquared.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}): the steps may be noisy, or the target changed during the ramp",
                ConfidenceLevel.Medium));
        }

        var fastest = view.FastestPerUser;
        if (view.OneUserThroughput > SlowBaselineFactor * view.Baseline.Throughput && fastest.Concurrency > 1)
        {
            notes.Add(new(SlowBaselineCode,
                $"one user alone got {Rate(view.Baseline.Throughput)}, but each of {Users(fastest.Concurrency)} got {Rate(view.OneUserThroughput)}: the lone user was slowed by something else " +
                "(a process or CPU waking from idle for every request, a busy machine), so efficiency counts one user as the faster figure",
                ConfidenceLevel.Medium));
        }

        if (cause is VerdictCause.Contention or VerdictCause.Coherency
            && view.Measured.Where(s => s.Concurrency >= 2).FirstOrDefault(s => s.MachineCpuPercent >= t.FullMachineCpuPercent) is { } busy)
        {
            notes.Add(new(BusyMachineCode,
                $"this machine was {CpuPercent(busy.MachineCpuPercent!.Value)} busy at {Users(busy.Concurrency)}: if other processes took the CPU, the target may have been starved of it rather than {cause.ToString().ToLowerInvariant()}-bound",
                ConfidenceLevel.Medium));
        }

        if (kind is VerdictKind.Healthy or VerdictKind.Performance && view.Judged.Count > 0 && view.Judged[^1].Concurrency < input.Users)
        {
            var why = input.Stop is { } stop ? $" ({stop.Message})" : string.Empty;
            notes.Add(new(ShortOfUsersCode,
                $"the ramp stopped at {Users(view.Judged[^1].Concurrency)}, short of the {Users(input.Users)} to serve{why}: the verdict covers the load tested",
                ConfidenceLevel.Medium));
        }

        return notes;
    }
}
