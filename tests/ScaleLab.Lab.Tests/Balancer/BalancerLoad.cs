namespace ScaleLab.Lab.Tests.Balancer;

/// <summary>A few closed-loop clients hammering a URL until stopped, counting answers per body and failures.</summary>
internal sealed class BalancerLoad
{
    private readonly Dictionary<string, int> _answers = new(StringComparer.Ordinal);
    private readonly List<string> _failures = [];
    private readonly Lock _lock = new();

    public IReadOnlyDictionary<string, int> Answers
    {
        get
        {
            lock (_lock)
            {
                return new Dictionary<string, int>(_answers, StringComparer.Ordinal);
            }
        }
    }

    public IReadOnlyList<string> Failures
    {
        get
        {
            lock (_lock)
            {
                return [.. _failures];
            }
        }
    }

    public int Total
    {
        get
        {
            lock (_lock)
            {
                return _answers.Values.Sum() + _failures.Count;
            }
        }
    }

    /// <summary>Runs <paramref name="clients"/> loops against <paramref name="url"/> until <paramref name="stop"/> fires (bounded by <paramref name="limit"/>).</summary>
    public async Task RunAsync(Uri url, int clients, CancellationToken stop, TimeSpan limit)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = clients }) { Timeout = TimeSpan.FromSeconds(20) };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
        deadline.CancelAfter(limit);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (!deadline.IsCancellationRequested)
            {
                try
                {
                    // Not the stop token: a request that started is always seen through, so none is counted as failed by us.
                    using var response = await http.GetAsync(url, CancellationToken.None);
                    var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                    lock (_lock)
                    {
                        if (response.IsSuccessStatusCode)
                        {
                            _answers[body] = _answers.GetValueOrDefault(body) + 1;
                        }
                        else
                        {
                            _failures.Add($"{(int)response.StatusCode} {body}");
                        }
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    lock (_lock)
                    {
                        _failures.Add(ex.GetType().Name + ": " + ex.Message);
                    }
                }
            }
        })));
    }
}
