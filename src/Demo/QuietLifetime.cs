using Microsoft.Extensions.Hosting;

namespace Graduate.Demo;

/// <summary>The in-process worker's lifetime: no console handlers, so Ctrl+C stays the command's to handle.</summary>
internal sealed class QuietLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
