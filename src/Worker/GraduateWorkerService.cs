using Graduate.Temporal.Client;
using Graduate.Temporal.Exceptions;
using Graduate.Temporal.Worker;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Graduate.Worker;

/// <summary>
/// Connects to Temporal and runs the Graduation worker until the host stops. An unreachable server is
/// retried (a worker started before its server should wait, not die); unusable settings or an empty
/// registration stop the host with a reason in <see cref="WorkerOutcome"/>.
/// </summary>
public sealed class GraduateWorkerService(
    TemporalSettings settings,
    WorkerRegistration registration,
    IServiceProvider services,
    WorkerOutcome outcome,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<GraduateWorkerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Settings first: a bad TLS file is worth reporting even in a build that registers nothing yet.
        TemporalClientOptions clientOptions;
        try
        {
            clientOptions = settings.ToClientOptions();
        }
        catch (TemporalSettingsException e)
        {
            Stop(WorkerStopReason.BadSettings, e.Message);
            return;
        }

        var workerOptions = new TemporalWorkerOptions
        {
            TaskQueue = settings.TaskQueue,
            Workflows = registration.Workflows,
            Activities = [.. registration.Activities(services)],
            Logger = logger,
        };
        if (workerOptions.Workflows.Count == 0 && workerOptions.Activities.Count == 0)
        {
            Stop(WorkerStopReason.NothingRegistered, "No workflows or activities are registered in GraduateWorkerRegistrations (src/Worker): this build cannot run graduations yet.");
            return;
        }

        using var client = await ConnectAsync(clientOptions, stoppingToken).ConfigureAwait(false);
        if (client is null)
        {
            return;
        }

        logger.LogInformation(
            "Graduate worker on task queue {TaskQueue}, namespace {Namespace}, Temporal at {Address}",
            settings.TaskQueue, settings.Namespace, settings.Address);
        await new TemporalWorker(client, workerOptions).ExecuteAsync(stoppingToken).ConfigureAwait(false);
    }

    private async Task<TemporalClient?> ConnectAsync(TemporalClientOptions options, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                return await TemporalClient.ConnectAsync(options, stoppingToken).ConfigureAwait(false);
            }
            catch (UnavailableException e)
            {
                logger.LogWarning("Cannot reach Temporal at {Address} ({Problem}); trying again in {Delay}", settings.Address, e.Message, GraduateDefaults.ReconnectDelay);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return null;
            }

            try
            {
                await Task.Delay(GraduateDefaults.ReconnectDelay, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }

        return null;
    }

    private void Stop(WorkerStopReason reason, string message)
    {
        logger.LogError("{Message}", message);
        outcome.Reason = reason;
        outcome.Message = message;
        lifetime.StopApplication();
    }
}
