using System.Net;
using System.Text.Json;
using ScaleLab.Core.Results;
using ScaleLab.Lab.Processes;

namespace ScaleLab.Lab.Supervisor;

/// <summary>Talks to a running supervisor through its control endpoint (<c>lab status / scale / down</c>).</summary>
public sealed class LabControlClient : IDisposable
{
    private readonly HttpClient _http;

    /// <summary>A client for the lab that <paramref name="state"/> describes.</summary>
    public LabControlClient(LabState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        State = state;
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            BaseAddress = new Uri(state.ControlUrl),
            Timeout = TimeSpan.FromMinutes(3),
        };
        _http.DefaultRequestHeaders.Add(ControlServer.TokenHeader, state.Token);
    }

    /// <summary>The lab this client controls.</summary>
    public LabState State { get; }

    /// <summary>The lab's components and recent events.</summary>
    public async Task<LabStatus> StatusAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync("status", cancellationToken);
        return await ReadStatusAsync(response, cancellationToken);
    }

    /// <summary>Changes the replica count; returns when the change is done.</summary>
    public async Task<LabStatus> ScaleAsync(int replicas, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync($"scale/{replicas}", null, cancellationToken);
        return await ReadStatusAsync(response, cancellationToken);
    }

    /// <summary>SIGKILLs one replica (the supervisor restarts it); false when there is no such replica.</summary>
    public async Task<bool> KillReplicaAsync(int id, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync($"replicas/{id}/kill", null, cancellationToken);
        return response.StatusCode == HttpStatusCode.Accepted;
    }

    /// <summary>
    /// Asks the supervisor to stop, then waits (at most <paramref name="timeout"/>) until its process is gone. A
    /// supervisor that does not answer within <see cref="AnswerPatience"/> (refused, reset, or silent) is hung or
    /// half-dead: it is killed with its whole run and its state cleaned up, since nothing else could stop it.
    /// </summary>
    public async Task<LabDownOutcome> DownAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            using var answer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            answer.CancelAfter(AnswerPatience);
            using var response = await _http.PostAsync("down", null, answer.Token);
            response.EnsureSuccessStatusCode();
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            if (!LabStateFile.IsAlive(State))
            {
                LabStateFile.CleanUp(State);
                return LabDownOutcome.Stopped;
            }

            Kill();
            return LabDownOutcome.NotAnswering;
        }

        var deadline = TimeProvider.System.GetTimestamp() + (long)(timeout.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (LabStateFile.IsAlive(State))
        {
            if (TimeProvider.System.GetTimestamp() > deadline)
            {
                return LabDownOutcome.TimedOut;
            }

            await Task.Delay(100, cancellationToken);
        }

        // The supervisor removes its state and temp files; this covers one that was killed on the way out.
        LabStateFile.CleanUp(State);
        return LabDownOutcome.Stopped;
    }

    /// <summary>How long a supervisor may take to accept <c>down</c>: it answers at once when it is well (it stops afterwards).</summary>
    public static TimeSpan AnswerPatience { get; } = TimeSpan.FromSeconds(10);

    /// <summary>Kills the supervisor and its whole run at once (SIGKILL), for a lab that does not answer.</summary>
    public void Kill()
    {
        PosixNative.Signal(State.SupervisorPid, PosixNative.SigKill);
        LabStateFile.CleanUp(State);
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private static async Task<LabStatus> ReadStatusAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(body.Length > 0 ? body : $"the supervisor answered {(int)response.StatusCode}");
        }

        return JsonSerializer.Deserialize<LabStatus>(body, ResultJson.Options)
            ?? throw new InvalidOperationException("the supervisor sent an empty status");
    }
}
