using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace ScaleLab.Agents.Tests.Hosts;

/// <summary>
/// Reads an agent's own result of a run, beside the coordinator: it learns the run's id from <c>GET /v1/agent</c>
/// and fetches <c>GET /v1/runs/ID/result</c> as soon as the run has finished, before the coordinator (which polls
/// every 500 ms) deletes it. The agent's own histogram is what the merged one must be the exact sum of.
/// </summary>
internal static class AgentResultTap
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(20);

    /// <summary>The agent's result JSON, or throws when it was not seen within <paramref name="bound"/>.</summary>
    public static async Task<JsonElement> ReadAsync(string agentAddress, string token, TimeSpan bound)
    {
        using var client = NetworkLabTests.LabClient();
        client.Timeout = TimeSpan.FromSeconds(5);
        client.BaseAddress = new Uri($"http://{agentAddress}/v1/");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var deadline = new CancellationTokenSource(bound);
        string? runId = null;
        var held = false;
        while (!deadline.IsCancellationRequested)
        {
            try
            {
                if (runId is null)
                {
                    var info = JsonDocument.Parse(await client.GetStringAsync("agent", deadline.Token)).RootElement;
                    runId = info.GetProperty("busy").GetBoolean() ? info.GetProperty("runId").GetString() : null;
                }
                else
                {
                    using var response = await client.GetAsync($"runs/{runId}/result", deadline.Token);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(deadline.Token)).RootElement.Clone();
                    }

                    // 409 while it runs; 404 while the agent still prepares it (busy, not yet held), and after its deletion.
                    held |= response.StatusCode == HttpStatusCode.Conflict;
                    if (response.StatusCode == HttpStatusCode.NotFound && held)
                    {
                        throw new InvalidOperationException($"agent {agentAddress}: run {runId} was deleted before its result was read");
                    }
                }

                await Task.Delay(Every, deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                break;
            }
        }

        throw new TimeoutException($"agent {agentAddress}: no finished run seen in {bound.TotalSeconds:0} s (run id {runId ?? "never seen"})");
    }
}
