using System.CommandLine;
using System.Globalization;
using ScaleLab.Lab.Balancer;

namespace ScaleLab.Cli.Commands;

/// <summary>
/// <c>scalelab lab balancer --backend URL…</c> (hidden): the lab's YARP balancer alone in its own process, in front of
/// backends you name, for bench/balancer.sh to measure it against HAProxy. With <c>--control</c>, its backends change
/// live through lines on standard input (<c>scale --cmd</c> runs it so, so that its CPU is watched apart from the
/// load generator's): <c>set SEQ URL…</c> answers <c>ok SEQ</c>; <c>drain SEQ URL MS</c> answers <c>drained SEQ</c>
/// or <c>busy SEQ</c>; the end of the input stops it.
/// </summary>
internal static class LabBalancerCommand
{
    private static readonly Option<int> Port = new("--port") { Description = "Port on 127.0.0.1 (0: any free port)", DefaultValueFactory = _ => 0 };
    private static readonly Option<string[]> Backend = new("--backend") { Description = "A backend URL (repeatable)", AllowMultipleArgumentsPerToken = false };
    private static readonly Option<string> Policy = new("--policy") { Description = "round-robin, least-requests, power-of-two or sticky", DefaultValueFactory = _ => "round-robin" };
    private static readonly Option<bool> Control = new("--control") { Description = "Take backend changes from standard input (set SEQ URL…, drain SEQ URL MS); stop at its end" };

    public static Command Create()
    {
        Policy.AcceptOnlyFromAmong([.. BalancerPolicies.Names]);
        var command = new Command("balancer", "Run the lab's YARP balancer alone in front of the given backends (for benchmarks)") { Port, Backend, Policy, Control };
        command.Hidden = true;
        command.SetAction(async (parse, cancellationToken) =>
        {
            BalancerPolicies.TryParse(parse.GetValue(Policy)!, out var policy);
            var backends = (parse.GetValue(Backend) ?? []).Select(OptionParsing.ParseUrl).ToArray();
            var control = parse.GetValue(Control);
            if (backends.Length == 0 && !control)
            {
                throw new UsageException("lab balancer needs at least one --backend URL (or --control)");
            }

            await using var balancer = await StandaloneBalancer.StartAsync(parse.GetValue(Port), policy, backends, cancellationToken);
            Console.Out.WriteLine($"ready {balancer.EntryUrl}");
            await Console.Out.FlushAsync(cancellationToken);
            try
            {
                if (control)
                {
                    await ServeControlAsync(balancer, cancellationToken);
                }
                else
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C or SIGTERM: stop.
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task ServeControlAsync(StandaloneBalancer balancer, CancellationToken cancellationToken)
    {
        // Console.In reads synchronously, whatever its Async name says, and heeds no token: the read runs on a thread
        // of its own, so that SIGTERM stops the balancer while it waits for a line.
        while (await Task.Run(Console.In.ReadLine, CancellationToken.None).WaitAsync(cancellationToken) is { } line)
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length < 2)
            {
                continue;
            }

            var sequence = words[1];
            string answer;
            try
            {
                answer = words[0] switch
                {
                    "set" => await SetAsync(balancer, words[2..], sequence, cancellationToken),
                    "drain" when words.Length == 4 => await balancer.DrainAsync(
                        new Uri(words[2]),
                        TimeSpan.FromMilliseconds(int.Parse(words[3], CultureInfo.InvariantCulture)),
                        cancellationToken) ? $"drained {sequence}" : $"busy {sequence}",
                    _ => $"error {sequence} unknown command: {words[0]}",
                };
            }
            catch (Exception ex) when (ex is FormatException or UriFormatException or ArgumentException or InvalidOperationException)
            {
                answer = $"error {sequence} {ex.Message}";
            }

            Console.Out.WriteLine(answer);
            await Console.Out.FlushAsync(cancellationToken);
        }
    }

    private static async Task<string> SetAsync(StandaloneBalancer balancer, string[] urls, string sequence, CancellationToken cancellationToken)
    {
        await balancer.SetBackendsAsync(urls.Select(url => new Uri(url)).ToArray(), cancellationToken);
        return $"ok {sequence}";
    }
}
