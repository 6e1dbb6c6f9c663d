using Graduate.Activities;
using Graduate.Dokku.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Temporalio.Client;
using Temporalio.Extensions.Hosting;

namespace Graduate.Worker;

/// <summary>Registration of the Graduate worker in a host.</summary>
public static class WorkerServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Graduation worker on <see cref="TemporalSettings.TaskQueue"/> (Temporal's hosted worker service),
    /// running what <paramref name="registration"/> lists (default <see cref="WorkerRegistration.Graduate"/>), with
    /// Dokku clients over <paramref name="transport"/>. A host may register its own <see cref="DokkuClientFactory"/> or
    /// <see cref="GraduateActivityOptions"/> first; these are defaults.
    /// </summary>
    /// <param name="configure">Changes the worker's options last (e.g. a shorter graceful shutdown in tests).</param>
    /// <exception cref="TemporalSettingsException">The settings cannot be used (checked now, not when the host runs).</exception>
    public static IServiceCollection AddGraduateWorker(
        this IServiceCollection services,
        TemporalSettings settings,
        WorkerRegistration? registration = null,
        TransportOptions? transport = null,
        Action<TemporalWorkerServiceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var connect = settings.ToConnectOptions();
        var what = registration ?? WorkerRegistration.Graduate;
        services.AddSingleton(settings);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => new DokkuClientFactory(transport ?? new TransportOptions()));
        services.TryAddSingleton(_ => new GraduateActivityOptions());
        services.TryAddSingleton<GraduationWatches>();
        services.AddSingleton<ITemporalClient>(_ => TemporalClient.CreateLazy(connect));
        services.AddHostedService<TemporalConnectionService>();
        services.AddHostedService<SshConnectionsService>();
        var worker = services.AddHostedTemporalWorker(settings.TaskQueue)
            .ConfigureOptions(options =>
            {
                options.GracefulShutdownTimeout = GraduateDefaults.GracefulShutdown;
                configure?.Invoke(options);
            });
        foreach (var workflow in what.Workflows)
        {
            worker.AddWorkflow(workflow);
        }

        foreach (var activities in what.Activities)
        {
            worker.AddScopedActivities(activities);
        }

        return services;
    }

    /// <summary>
    /// The worker host the worker executable, <c>graduate worker</c> and the demo run. Settings come from
    /// <paramref name="environment"/> (default: the process's variables) unless <paramref name="settings"/> is given.
    /// </summary>
    /// <exception cref="TemporalSettingsException">The settings cannot be used.</exception>
    public static IHost BuildGraduateWorkerHost(
        string[] args,
        TemporalSettings? settings = null,
        WorkerRegistration? registration = null,
        IReadOnlyDictionary<string, string>? environment = null,
        TransportOptions? transport = null)
    {
        var variables = environment ?? ProcessEnvironment();
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = GraduateDefaults.GracefulShutdown + TimeSpan.FromSeconds(20));
        builder.Services.AddGraduateWorker(
            settings ?? TemporalSettings.Load(variables),
            registration,
            transport ?? DokkuTransportSettings.FromEnvironment(name => variables.TryGetValue(name, out var value) ? value : null));
        return builder.Build();
    }

    /// <summary>A snapshot of the process's environment variables.</summary>
    public static IReadOnlyDictionary<string, string> ProcessEnvironment() =>
        Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? string.Empty, StringComparer.Ordinal);
}
