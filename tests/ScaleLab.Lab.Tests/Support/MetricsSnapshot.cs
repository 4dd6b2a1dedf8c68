using System.Globalization;

namespace ScaleLab.Lab.Tests.Support;

/// <summary>A parsed /metrics page: every sample line as (name, labels) → value.</summary>
internal sealed class MetricsSnapshot
{
    private readonly List<(string Name, string Labels, double Value)> _samples = [];

    private MetricsSnapshot(string text)
    {
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            var key = line[..space];
            var value = double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
            var brace = key.IndexOf('{');
            _samples.Add(brace < 0 ? (key, string.Empty, value) : (key[..brace], key[(brace + 1)..^1], value));
        }
    }

    public static async Task<MetricsSnapshot> ReadAsync(HttpClient client) =>
        new(await client.GetStringAsync("/metrics"));

    /// <summary>
    /// Reads /metrics until <paramref name="condition"/> holds and returns that snapshot; fails the test after a
    /// generous deadline. For what the replica records after the response has gone (a request's count and latency
    /// are recorded once it is done, so a client can see the response first) or on another thread.
    /// </summary>
    public static async Task<MetricsSnapshot> WaitForAsync(HttpClient client, Func<MetricsSnapshot, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var snapshot = await ReadAsync(client);
            if (condition(snapshot))
            {
                return snapshot;
            }

            Assert.True(DateTime.UtcNow < deadline, $"/metrics did not show {what} within 30 s");
            await Task.Delay(20);
        }
    }

    /// <summary>The sum of a metric's samples whose labels contain every one of <paramref name="labels"/> (e.g. route="/me").</summary>
    public double Sum(string name, params string[] labels) =>
        _samples.Where(s => s.Name == name && labels.All(l => s.Labels.Contains(l, StringComparison.Ordinal))).Sum(s => s.Value);

    public bool Has(string name) => _samples.Any(s => s.Name == name);
}
