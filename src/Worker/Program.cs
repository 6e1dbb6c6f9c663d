using Graduate.Worker;
using Microsoft.Extensions.Hosting;

// The Graduate worker host: Temporal settings are the temporal CLI's (TEMPORAL_* variables, temporal.toml profiles).
try
{
    using var host = WorkerServiceCollectionExtensions.BuildGraduateWorkerHost(args);
    await host.RunAsync();
    return 0;
}
catch (TemporalSettingsException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 4;
}
catch (OperationCanceledException)
{
    // Stopped (SIGTERM, Ctrl+C) while still waiting for the server: a normal end.
    return 0;
}
