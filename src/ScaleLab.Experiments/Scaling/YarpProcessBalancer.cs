using System.Globalization;
using ScaleLab.Lab.Balancer;
using ScaleLab.Lab.Processes;

namespace ScaleLab.Experiments.Scaling;

/// <summary>
/// The lab's YARP balancer in a process of its own (<c>scalelab lab balancer --control</c>), so that its CPU is
/// watched as the balancer tier's and never charged to the load generator; its backends change live through lines
/// on its standard input.
/// </summary>
internal sealed class YarpProcessBalancer : ILabBalancer
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(10);

    private readonly ChildProcess _process;
    private readonly Dictionary<string, Uri> _addresses = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _sequence;

    private YarpProcessBalancer(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public string Kind => "yarp";

    public int Port { get; }

    public int Pid => _process.Pid;

    public Uri EntryUrl => new($"http://127.0.0.1:{Port}/");

    public Task<int> Exited => _process.Exited;

    /// <summary>Starts <paramref name="command"/> (the program first: the CLI's <c>lab balancer</c>) on a free port, with no backend yet.</summary>
    public static async Task<YarpProcessBalancer> StartAsync(IReadOnlyList<string> command, BalancerPolicy policy, string runId, string directory, CancellationToken cancellationToken)
    {
        string[] arguments = [.. command.Skip(1), "--port", "0", "--control", "--policy", BalancerPolicies.Name(policy)];
        var process = await ChildProcess.StartAsync(new ChildProcessSpec("balancer", command[0], arguments, runId) { WorkingDirectory = directory });
        try
        {
            var ready = await process.WaitForLineAsync(line => line.StartsWith("ready ", StringComparison.Ordinal), StartTimeout, cancellationToken);
            return new YarpProcessBalancer(process, new Uri(ready["ready ".Length..].Trim()).Port);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public async Task SetDestinationsAsync(IReadOnlyList<BalancerDestination> destinations, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            foreach (var destination in destinations)
            {
                _addresses[destination.Id] = destination.Address;
            }

            await AskAsync("set", string.Join(' ', destinations.Select(d => d.Address.ToString())), "ok", cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<bool> DrainAsync(string destinationId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_addresses.Remove(destinationId, out var address))
            {
                return true;
            }

            var ms = ((long)timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
            return await AskAsync("drain", $"{address} {ms}", "drained", cancellationToken, timeout + AnswerTimeout);
        }
        finally
        {
            _gate.Release();
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    /// <summary>Sends one command and waits for its answer (matched by its sequence number); true when it was <paramref name="yes"/>.</summary>
    private async Task<bool> AskAsync(string verb, string rest, string yes, CancellationToken cancellationToken, TimeSpan? patience = null)
    {
        var sequence = (++_sequence).ToString(CultureInfo.InvariantCulture);
        var suffix = " " + sequence;
        await _process.WriteLineAsync($"{verb} {sequence} {rest}", cancellationToken);
        var answer = await _process.WaitForLineAsync(line => line.EndsWith(suffix, StringComparison.Ordinal) || line.StartsWith($"error {sequence} ", StringComparison.Ordinal), patience ?? AnswerTimeout, cancellationToken);
        return answer.StartsWith("error ", StringComparison.Ordinal)
            ? throw new ChildProcessException($"the balancer refused `{verb}`: {answer}")
            : answer.StartsWith(yes + " ", StringComparison.Ordinal);
    }
}
