using Graduate.Dokku.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Graduate.Worker;

/// <summary>Registration of the Graduate worker in a host.</summary>
public static class WorkerServiceCollectionExtensions
{
    /// <summary>
    /// Adds a hosted service that connects a Temporal client from <paramref name="settings"/> and runs the
    /// Graduation worker on <see cref="TemporalSettings.TaskQueue"/>, with what
    /// <see cref="GraduateWorkerRegistrations"/> lists (or <paramref name="registration"/>, for tests and tools).
    /// </summary>
    public static IServiceCollection AddGraduateWorker(
        this IServiceCollection services, TemporalSettings settings, WorkerRegistration? registration = null, TransportOptions? transport = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddSingleton(settings);
        services.AddSingleton(registration ?? WorkerRegistration.Graduate);
        services.AddSingleton<WorkerOutcome>();
        services.TryAddSingleton(TimeProvider.System);
        GraduateWorkerRegistrations.AddActivities(services, transport ?? new TransportOptions());
        services.AddHostedService<GraduateWorkerService>();
        return services;
    }

    /// <summary>
    /// The worker host the worker executable and <c>graduate worker</c> both run. Settings come from
    /// <paramref name="variables"/> (default: the host's configuration, i.e. environment variables and args).
    /// </summary>
    public static IHost BuildGraduateWorkerHost(
        string[] args,
        Func<TemporalSettings, TemporalSettings>? adjust = null,
        WorkerRegistration? registration = null,
        Func<string, string?>? variables = null)
    {
        var builder = Host.CreateApplicationBuilder(args);
        var get = variables ?? (name => builder.Configuration[name]);
        var settings = TemporalSettings.FromEnvironment(get);
        builder.Services.AddGraduateWorker(adjust is null ? settings : adjust(settings), registration, DokkuTransportSettings.FromEnvironment(get));
        return builder.Build();
    }
}
