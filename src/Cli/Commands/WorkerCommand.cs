using System.CommandLine;
using Graduate.Cli.Configuration;
using Graduate.Cli.Temporal;
using Graduate.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Graduate.Cli.Commands;

/// <summary><c>graduate worker</c>: runs the worker host (the same one as the Graduate.Worker executable) in the foreground.</summary>
public sealed class WorkerCommand : Command
{
    public WorkerCommand(CliContext context, ConfigStore store, WorkerRegistration registration)
        : base("worker", "Run the Graduate worker in the foreground (Ctrl+C stops it)")
    {
        TemporalOptions.AddTo(this);
        SetAction(async (parseResult, ct) =>
        {
            var settings = await TemporalOptions.ResolveAsync(parseResult, context, store.Load(), ct).ConfigureAwait(false);
            if (registration.Workflows.Count == 0)
            {
                throw new CliException(
                    ExitCodes.ConfigurationError,
                    "This build registers no Graduation workflow in GraduateWorkerRegistrations (src/Worker): build a version that includes it, then run `graduate worker` again.");
            }

            // Fail fast with exit code 5 here; the host itself keeps retrying a server that goes away later.
            await TemporalConnector.ConnectAsync(settings, ct).ConfigureAwait(false);
            using var host = WorkerServiceCollectionExtensions.BuildGraduateWorkerHost([], settings, registration, context.Environment);
            await context.Out.WriteLineAsync($"Graduate worker: task queue {settings.TaskQueue}, namespace {settings.Namespace}, Temporal at {settings.Address}; Ctrl+C stops it.").ConfigureAwait(false);
            await host.RunAsync(ct).ConfigureAwait(false);
            return ExitCodes.Succeeded;
        });
    }
}
