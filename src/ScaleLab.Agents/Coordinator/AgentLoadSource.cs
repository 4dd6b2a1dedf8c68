using System.Globalization;
using HdrHistogram;
using ScaleLab.Agents.Protocol;
using ScaleLab.Core.Merging;
using ScaleLab.Core.Results;
using ScaleLab.Load.Engine;
using ScaleLab.Load.Requests;

namespace ScaleLab.Agents.Coordinator;

/// <summary>
/// Load from agents (<c>run --agents</c>): checks their clocks, sends each its part of the run, starts them at one
/// instant, follows their intervals (merged exactly for the live view and the HdrHistogram log), notices an agent
/// that stops answering, and merges their results into one, with every agent's share in <c>agents</c>.
/// </summary>
public sealed class AgentLoadSource : ILoadSource
{
    /// <summary>An agent silent for this long mid-run is lost (killed, or its network cut).</summary>
    public static readonly TimeSpan LossAfter = TimeSpan.FromSeconds(3);

    /// <summary>Past this clock offset a warning: interval times are off by up to the offset's error.</summary>
    public static readonly TimeSpan WarnClockOffset = TimeSpan.FromMilliseconds(50);

    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(500);

    private readonly IReadOnlyList<string> _addresses;
    private readonly string _token;
    private readonly RequestSpec _request;
    private readonly TimeProvider _time;

    /// <summary>A source sending <paramref name="request"/> from the agents at <paramref name="addresses"/>.</summary>
    /// <param name="addresses">The agents, <c>host:port</c> each.</param>
    /// <param name="token">Their shared token.</param>
    /// <param name="request">What to send (files travel as text).</param>
    /// <param name="timeProvider">The clock.</param>
    public AgentLoadSource(IReadOnlyList<string> addresses, string token, RequestSpec request, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        if (addresses.Count == 0)
        {
            throw new ArgumentException("no agents", nameof(addresses));
        }

        _addresses = addresses;
        _token = token;
        _request = request;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Continue (default) or abort when an agent is lost mid-run.</summary>
    public AgentLossPolicy OnAgentLoss { get; init; } = AgentLossPolicy.Continue;

    /// <summary>An agent whose clock is further off than this is refused before the run.</summary>
    public TimeSpan MaxClockOffset { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long an agent keeps a run without hearing from this coordinator.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Receives each merged interval histogram (microseconds, start and end set, coordinator's clock), reused after the call.</summary>
    public Action<HistogramBase>? OnInterval { get; init; }

    /// <summary>The agents' own results of the last run (a lost one's partial), in the order given, before merging.</summary>
    internal IReadOnlyList<RunResult> LastParts { get; private set; } = [];

    /// <inheritdoc/>
    public string Description => _addresses.Count == 1 ? "1 agent" : $"{_addresses.Count} agents";

    /// <inheritdoc/>
    /// <exception cref="AgentException">An agent can't take part (before any load is sent).</exception>
    public async Task<LoadMeasurement> RunAsync(Uri target, LoadOptions options, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        // Fewer users than agents: the first agents send, one user each; the rest sit this run out.
        var used = LoadSplit.AgentsFor(options, _addresses.Count);
        var parts = LoadSplit.Split(options, used);
        var clients = _addresses.Take(used).Select(a => new AgentClient(a, _token)).ToArray();
        var runId = "run-" + Guid.NewGuid().ToString("N")[..12];
        var created = new List<AgentWork>();
        try
        {
            var clocks = await MeasureClocksAsync(clients, cancellationToken).ConfigureAwait(false);
            var works = CheckAgents(clients, clocks, parts);
            await CreateRunsAsync(works, created, runId, target, cancellationToken).ConfigureAwait(false);

            // Far enough ahead that every start call arrives before the instant, even on a slow link.
            var lead = TimeSpan.FromMilliseconds(Math.Max(1000, 4 * clocks.Max(c => c.RoundTripMs)));
            var startAt = _time.GetUtcNow() + lead;
            var startUnixMs = (startAt - DateTimeOffset.UnixEpoch).TotalMilliseconds;
            await Task.WhenAll(works.Select(w => w.Client.StartAsync(runId, startUnixMs + w.Clock.OffsetMs, cancellationToken))).ConfigureAwait(false);

            var live = new LiveMerge(options, startUnixMs, OnInterval, progress);
            var interrupted = await FollowAsync(works, runId, options, startAt, live, cancellationToken).ConfigureAwait(false);
            return Assemble(works, target, startAt, live, interrupted);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C before the start: nothing was measured.
            throw new AgentException("interrupted before the agents started: nothing was measured");
        }
        finally
        {
            await Task.WhenAll(created.Select(w => w.Client.DeleteAsync(runId))).ConfigureAwait(false);
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>
    /// The agents' clocks, measured once every agent is free: one still held by a run whose delete did not reach it
    /// (the run before, on a busy network) frees itself when that run's lease lapses, so it is waited for that long,
    /// then reported busy by <see cref="CheckAgents"/>.
    /// </summary>
    private async Task<ClockOffset[]> MeasureClocksAsync(AgentClient[] clients, CancellationToken cancellationToken)
    {
        var patience = _time.GetTimestamp();
        while (true)
        {
            var clocks = await Task.WhenAll(clients.Select(c => ClockOffset.MeasureAsync(c, _time, cancellationToken))).ConfigureAwait(false);
            if (!clocks.Any(c => c.Info.Busy) || _time.GetElapsedTime(patience) > Lease + TimeSpan.FromSeconds(1))
            {
                return clocks;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private AgentWork[] CheckAgents(AgentClient[] clients, ClockOffset[] clocks, IReadOnlyList<LoadOptions> parts)
    {
        var works = new AgentWork[clients.Length];
        for (var i = 0; i < clients.Length; i++)
        {
            var clock = clocks[i];
            if (clock.Info.Busy)
            {
                throw new AgentException($"agent {clients[i].Address} is busy: run {clock.Info.RunId} is held (one run at a time; it is freed when that run is deleted or its lease lapses)");
            }

            if (Math.Abs(clock.OffsetMs) > MaxClockOffset.TotalMilliseconds)
            {
                throw new AgentException(string.Create(CultureInfo.InvariantCulture,
                    $"agent {clients[i].Address}'s clock is {clock.OffsetMs:0} ms off this machine's, more than --max-clock-offset {MaxClockOffset.TotalMilliseconds:0} ms: synchronise the clocks (NTP/chrony)"));
            }

            works[i] = new AgentWork(i, clients[i], clock, parts[i]);
        }

        return works;
    }

    private async Task CreateRunsAsync(AgentWork[] works, List<AgentWork> created, string runId, Uri target, CancellationToken cancellationToken)
    {
        var calls = works.Select(async w =>
        {
            var plan = new RunPlan(runId, target.ToString(), _request, LoadPlan.From(w.Options), (long)Lease.TotalMilliseconds);
            await w.Client.CreateRunAsync(plan, w.Options.Timeout, cancellationToken).ConfigureAwait(false);
            lock (created)
            {
                created.Add(w);
            }
        }).ToArray();
        try
        {
            await Task.WhenAll(calls).ConfigureAwait(false);
        }
        catch (AgentException)
        {
            // The first refusal in the agents' order, whichever answered first.
            throw calls.First(c => c.IsFaulted).Exception!.GetBaseException();
        }
    }

    /// <summary>Polls the agents until each has finished or is lost; true when the run was interrupted (Ctrl-C).</summary>
    private async Task<bool> FollowAsync(AgentWork[] works, string runId, LoadOptions options, DateTimeOffset startAt, LiveMerge live, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        foreach (var work in works)
        {
            work.LastAnswer = started;
        }

        // Every agent's run ends by its window, timeout and grace; the rest bounds a slow result or a stuck agent.
        var deadline = startAt + options.Warmup + options.Duration + options.Timeout + TimeSpan.FromSeconds(15);
        var stopping = false;
        while (works.Any(w => w.Active))
        {
            if (cancellationToken.IsCancellationRequested && !stopping)
            {
                stopping = true;
                deadline = Min(deadline, _time.GetUtcNow() + options.Timeout + TimeSpan.FromSeconds(5));
                await Task.WhenAll(works.Where(w => w.Active).Select(w => w.Client.StopAsync(runId))).ConfigureAwait(false);
            }

            if (_time.GetUtcNow() > deadline)
            {
                foreach (var work in works.Where(w => w.Active))
                {
                    work.MarkLost(live.SecondsInWindow(NowUnixMs()), "its run did not end in time");
                }

                break;
            }

            var lostBefore = works.Count(w => w.Lost);
            await Task.WhenAll(works.Where(w => w.Active).Select(w => PollAsync(w, runId, live))).ConfigureAwait(false);
            live.Emit([.. works.Where(w => w.Active)]);
            if (OnAgentLoss == AgentLossPolicy.Abort && !stopping && works.Count(w => w.Lost) > lostBefore)
            {
                stopping = true;
                await Task.WhenAll(works.Where(w => w.Active).Select(w => w.Client.StopAsync(runId))).ConfigureAwait(false);
            }

            if (works.Any(w => w.Active))
            {
                using var wake = CancellationTokenSource.CreateLinkedTokenSource(stopping ? CancellationToken.None : cancellationToken);
                try
                {
                    await Task.Delay(PollEvery, _time, wake.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl-C: stop the agents on the next turn at once.
                }
            }
        }

        live.Emit([], all: true);
        return cancellationToken.IsCancellationRequested;
    }

    private async Task PollAsync(AgentWork work, string runId, LiveMerge live)
    {
        try
        {
            var batch = await work.Client.IntervalsAsync(runId, work.NextSeq, CancellationToken.None).ConfigureAwait(false);
            work.LastAnswer = _time.GetTimestamp();
            work.Dropped = batch.Dropped;
            foreach (var interval in batch.Intervals.Where(i => i.Seq >= work.NextSeq).OrderBy(i => i.Seq))
            {
                var histogram = live.Add(work, interval);
                work.Keep(interval, live.SecondsInWindow(interval.EndUnixMs - work.Clock.OffsetMs), histogram);
                work.NextSeq = interval.Seq + 1;
            }

            if (batch.State == "finished")
            {
                work.Result = await work.Client.ResultAsync(runId, CancellationToken.None).ConfigureAwait(false);
            }
            else if (batch.State == "failed")
            {
                work.MarkLost(live.SecondsInWindow(NowUnixMs()), $"its run failed: {batch.Error}");
            }
        }
        catch (AgentException ex)
        {
            var silent = _time.GetElapsedTime(work.LastAnswer);
            if (silent >= LossAfter)
            {
                // Lost when it last answered: what it measured after that never arrived.
                work.MarkLost(live.SecondsInWindow(NowUnixMs() - silent.TotalMilliseconds), ex.Message);
            }
        }
    }

    private LoadMeasurement Assemble(AgentWork[] works, Uri target, DateTimeOffset startAt, LiveMerge live, bool interrupted)
    {
        // The parts share one start: merged on their window's t, not on their clocks (set apart by the offsets).
        var parts = works.Select(w => (w.Result ?? w.Partial(target.ToString())) with { StartedAt = default, Intervals = [] }).ToArray();
        LastParts = parts;
        var merged = RunResultMerger.Merge(parts, [.. works.Select(w => $"agent {w.Client.Address}")]);
        var warnings = new List<string>(merged.Warnings);
        foreach (var work in works.Where(w => Math.Abs(w.Clock.OffsetMs) > WarnClockOffset.TotalMilliseconds))
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"agent {work.Client.Address}'s clock is {work.Clock.OffsetMs:0} ms off this machine's: its start was corrected by it, but its interval times are only as good as that measurement (±{work.Clock.RoundTripMs / 2:0.#} ms)"));
        }

        foreach (var work in works.Where(w => w.Dropped > 0))
        {
            warnings.Add($"agent {work.Client.Address} dropped {work.Dropped} intervals before this coordinator fetched them: the time series and the HdrHistogram log miss them (the totals do not)");
        }

        foreach (var work in works.Where(w => w.Lost))
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture,
                $"agent {work.Client.Address} was lost at {work.LostAtSeconds:0.#} s ({work.LostReason}): the {parts[work.Index].Requests} requests it had reported are counted, and less load was sent from then on"));
        }

        var agents = works.Select(w => new AgentStats(
            w.Client.Address,
            parts[w.Index].Requests,
            parts[w.Index].Errors,
            parts[w.Index].Generator.CpuSeconds,
            parts[w.Index].Generator.MissedStarts,
            Math.Round(w.Clock.OffsetMs, 2) + 0.0, // + 0.0 turns a rounded -0 into 0
            w.Lost,
            w.LostAtSeconds)).ToArray();
        var result = merged with
        {
            Target = target.ToString(),
            Intervals = live.Series,
            Agents = agents,
            Interrupted = merged.Interrupted || interrupted,
            Warnings = warnings,
        };
        var latency = merged.LatencyHistogram is { } encoded ? LatencyHistogramCodec.Decode(encoded) : LatencyHistograms.Create();
        return new LoadMeasurement(result, latency, live.Spans, startAt);
    }

    private double NowUnixMs() => (_time.GetUtcNow() - DateTimeOffset.UnixEpoch).TotalMilliseconds;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
