using Graduate.Activities;
using Graduate.Dokku.Transport;
using Graduate.Temporal.Activities;
using Graduate.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Graduate.Worker;

/// <summary>
/// The one place that says what the Graduate worker runs. The worker host (src/Worker) and
/// <c>graduate worker</c> both read it, so they can never disagree.
/// </summary>
public static class GraduateWorkerRegistrations
{
    /// <summary>Workflow classes (marked [Workflow]) the worker runs.</summary>
    public static IReadOnlyList<Type> Workflows { get; } = [typeof(GraduationWorkflow)];

    /// <summary>
    /// Registers what the activities need: Dokku clients over <paramref name="transport"/>. A host may register
    /// its own <see cref="DokkuClientFactory"/> or <see cref="GraduateActivityOptions"/> first; these are defaults.
    /// </summary>
    public static void AddActivities(IServiceCollection services, TransportOptions transport)
    {
        services.TryAddSingleton(_ => new DokkuClientFactory(transport));
        services.TryAddSingleton(_ => new GraduateActivityOptions());
    }

    /// <summary>The activities to run, resolved from the services <see cref="AddActivities"/> registered.</summary>
    public static IEnumerable<ActivityDefinition> Activities(IServiceProvider services) =>
        GraduateActivities.Definitions(
            services.GetRequiredService<DokkuClientFactory>(),
            services.GetRequiredService<GraduateActivityOptions>());
}
