using Graduate.Activities;
using Microsoft.Extensions.Hosting;

namespace Graduate.Worker;

/// <summary>
/// Ends the ssh master connections the worker's Dokku clients opened (and removes their sockets) when the host
/// stops. Registered ahead of the Temporal worker service, so it stops after it: activities still finishing in the
/// worker's grace period keep their connections until then.
/// </summary>
public sealed class SshConnectionsService(DokkuClientFactory clients) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) =>
        clients.Options.ConnectionSharing?.CloseAllAsync(cancellationToken) ?? Task.CompletedTask;
}
