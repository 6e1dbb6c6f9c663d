using Graduate.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// The Graduate worker host: Temporal settings come from the temporal CLI's variables (TEMPORAL_ADDRESS, ...).
try
{
    using var host = WorkerServiceCollectionExtensions.BuildGraduateWorkerHost(args);
    // RunAsync disposes the host: take the outcome first.
    var outcome = host.Services.GetRequiredService<WorkerOutcome>();
    await host.RunAsync();
    return outcome.Reason == WorkerStopReason.Stopped ? 0 : 4;
}
catch (TemporalSettingsException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 4;
}
