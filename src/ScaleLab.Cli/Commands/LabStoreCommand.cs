using System.CommandLine;
using ScaleLab.Lab.Store;

namespace ScaleLab.Cli.Commands;

/// <summary>
/// <c>scalelab lab store</c> (hidden): the lab's Garnet store alone in its own process, on a free loopback port, so
/// that <c>scale</c> watches its CPU apart from the balancer's. Prints <c>ready redis://127.0.0.1:PORT</c>.
/// </summary>
internal static class LabStoreCommand
{
    public static Command Create()
    {
        var command = new Command("store", "Run the lab's Garnet store alone in its own process (for scale)") { Hidden = true };
        command.SetAction(async (_, cancellationToken) =>
        {
            await using var store = await StandaloneStore.StartAsync(cancellationToken);
            return await ServingUntilStopped.AnnounceAndServeAsync($"{StoreProcess.ReadyPrefix}{store.Url}", cancellationToken);
        });
        return command;
    }
}
