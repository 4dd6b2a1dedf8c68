using Microsoft.Extensions.Hosting;

namespace ScaleLab.Lab.Processes;

/// <summary>
/// A host lifetime that ignores the process's signals. The lab's in-process hosts (the balancer, the control
/// endpoint) are stopped by the supervisor in order; the default console lifetime would stop each of them on its own
/// at the first Ctrl-C, before the supervisor has taken them out of service.
/// </summary>
internal sealed class DetachedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
