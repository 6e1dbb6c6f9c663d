using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Temporalio.Client;

namespace Graduate.Worker;

/// <summary>
/// Connects the worker's (lazy) client before the Temporal worker service starts, trying again while the server
/// cannot be reached: a worker started before its server waits for it instead of dying. Registered ahead of the
/// worker service, so the host starts the worker only once this returns.
/// </summary>
public sealed class TemporalConnectionService(ITemporalClient client, TemporalSettings settings, TimeProvider time, ILogger<TemporalConnectionService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await client.Connection.ConnectAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
                logger.LogInformation(
                    "Graduate worker on task queue {TaskQueue}, namespace {Namespace}, Temporal at {Address}",
                    settings.TaskQueue, settings.Namespace, settings.Address);
                return;
            }
            catch (InvalidOperationException e)
            {
                logger.LogWarning("Cannot reach Temporal at {Address} ({Problem}); trying again in {Delay}", settings.Address, e.Message, GraduateDefaults.ReconnectDelay);
            }

            await Task.Delay(GraduateDefaults.ReconnectDelay, time, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
