using System.CommandLine;
using ScaleLab.Lab.Demo;

namespace ScaleLab.Cli.Commands;

/// <summary>
/// <c>scalelab demo</c>: the small server the documentation's <c>diagnose</c> examples run against, one bottleneck per
/// endpoint, in the foreground until Ctrl-C or SIGTERM.
/// </summary>
internal static class DemoCommand
{
    private static readonly Option<int> Port = new("--port")
    {
        Description = "Port on 127.0.0.1 (0: any free port)",
        DefaultValueFactory = _ => DemoServer.DefaultPort,
    };

    public static Command Create()
    {
        var command = new Command("demo", "Run a demo server with one bottleneck per endpoint (/slow, /lock, /coherent, /cpu, /wait) to try diagnose on") { Port };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var port = parse.GetValue(Port);
            if (port is < 0 or > 65535)
            {
                throw new UsageException($"--port must be 0 to 65535 (got {port})");
            }

            DemoServer server;
            try
            {
                server = await DemoServer.StartAsync(port, cancellationToken);
            }
            catch (IOException ex)
            {
                Console.Error.WriteLine($"scalelab: demo cannot listen on 127.0.0.1:{port}: {ex.Message.Split('\n')[0]}");
                return ExitCodes.BadInput;
            }

            await using (server)
            {
                Console.Out.WriteLine($"demo server: {server.Url}  (pid {Environment.ProcessId}; Ctrl-C to stop)");
                var width = server.Endpoints.Max(e => e.Path.Length);
                foreach (var endpoint in server.Endpoints)
                {
                    Console.Out.WriteLine($"  {endpoint.Path.PadRight(width)}  {endpoint.Description}");
                }

                await Console.Out.FlushAsync(CancellationToken.None);
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl-C or SIGTERM: the way to stop it, not a failure.
                }
            }

            Console.Out.WriteLine("demo server stopped");
            return ExitCodes.Success;
        });
        return command;
    }
}
