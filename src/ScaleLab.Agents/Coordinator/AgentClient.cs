using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ScaleLab.Agents.Protocol;
using ScaleLab.Core.Results;

namespace ScaleLab.Agents.Coordinator;

/// <summary>The coordinator's side of one agent's control API: every call bounded in time, every refusal one line.</summary>
internal sealed class AgentClient : IDisposable
{
    /// <summary>A call's bound while the run goes: the lease is renewed by polls, and a lost agent must be seen quickly.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The calls around a run (the first question, start, stop, delete) wait longer than a poll: an agent that has
    /// just started compiles its handlers on the first call, which takes seconds on a busy machine, and a delete
    /// that times out leaves the agent held until its lease lapses.
    /// </summary>
    public static readonly TimeSpan SetupTimeout = TimeSpan.FromSeconds(6);

    private readonly HttpClient _http;

    public AgentClient(string address, string token, HttpMessageHandler? handler = null)
    {
        Address = address;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { ConnectTimeout = CallTimeout, PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30) }, disposeHandler: handler is null)
        {
            BaseAddress = new Uri($"http://{address}/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>The agent as given (<c>host:port</c>).</summary>
    public string Address { get; }

    public Task<AgentInfo> InfoAsync(CancellationToken cancellationToken) =>
        SendAsync<AgentInfo>(HttpMethod.Get, "v1/agent", null, SetupTimeout, cancellationToken);

    /// <summary>Sends the plan; the agent probes the target before it answers, so the bound is the plan's timeout and a call's.</summary>
    public Task<RunCreated> CreateRunAsync(RunPlan plan, TimeSpan probeTimeout, CancellationToken cancellationToken) =>
        SendAsync<RunCreated>(HttpMethod.Post, "v1/runs", plan, probeTimeout + CallTimeout, cancellationToken);

    public Task StartAsync(string runId, double startAtUnixMs, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Post, $"v1/runs/{runId}/start", new StartRequest(startAtUnixMs), SetupTimeout, cancellationToken);

    public Task<IntervalBatch> IntervalsAsync(string runId, long from, CancellationToken cancellationToken) =>
        SendAsync<IntervalBatch>(HttpMethod.Get, $"v1/runs/{runId}/intervals?from={from}", null, CallTimeout, cancellationToken);

    /// <summary>The agent's result; it holds every histogram, so it may take longer than a poll.</summary>
    public Task<RunResult> ResultAsync(string runId, CancellationToken cancellationToken) =>
        SendAsync<RunResult>(HttpMethod.Get, $"v1/runs/{runId}/result", null, CallTimeout * 3, cancellationToken);

    /// <summary>Stops the run; best effort (an agent that does not answer stops on its own when the lease lapses).</summary>
    public async Task StopAsync(string runId)
    {
        try
        {
            await SendAsync<object>(HttpMethod.Post, $"v1/runs/{runId}/stop", null, SetupTimeout, CancellationToken.None).ConfigureAwait(false);
        }
        catch (AgentException)
        {
            // Its lease stops it.
        }
    }

    /// <summary>Frees the agent; best effort, as <see cref="StopAsync"/>.</summary>
    public async Task DeleteAsync(string runId)
    {
        try
        {
            await SendAsync<object>(HttpMethod.Delete, $"v1/runs/{runId}", null, SetupTimeout, CancellationToken.None).ConfigureAwait(false);
        }
        catch (AgentException)
        {
            // Its lease frees it.
        }
    }

    /// <summary>One call; any failure is an <see cref="AgentException"/> whose message names the agent.</summary>
    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(timeout);
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: AgentJson.Options);
        }

        try
        {
            using var response = await _http.SendAsync(request, bound.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return response.StatusCode == HttpStatusCode.NoContent || typeof(T) == typeof(object)
                    ? default!
                    : await response.Content.ReadFromJsonAsync<T>(AgentJson.Options, bound.Token).ConfigureAwait(false)
                        ?? throw new AgentException($"agent {Address} answered {path} with nothing");
            }

            var reason = await ErrorOf(response, bound.Token).ConfigureAwait(false);
            throw new AgentException(response.StatusCode == HttpStatusCode.Unauthorized
                ? $"agent {Address} refused the token (401: {reason}): give the agent's token with --token-file or {AgentDefaults.TokenVariable}"
                : $"agent {Address}: {reason} ({(int)response.StatusCode})");
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AgentException($"agent {Address} did not answer within {timeout.TotalSeconds:0.#} s", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new AgentException($"agent {Address} is unreachable: {ex.Message.Split('\n')[0]}", ex);
        }
        catch (JsonException ex)
        {
            throw new AgentException($"agent {Address} answered {path} with JSON this coordinator does not read: {ex.Message.Split('\n')[0]}", ex);
        }
    }

    private static async Task<string> ErrorOf(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return (await response.Content.ReadFromJsonAsync<AgentError>(AgentJson.Options, cancellationToken).ConfigureAwait(false))?.Error ?? response.ReasonPhrase ?? "refused";
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            return response.ReasonPhrase ?? "refused";
        }
    }

    public void Dispose() => _http.Dispose();
}
