using Graduate.Activities;
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
    /// Registers what the activities need. Hosts may register their own <see cref="DokkuClientFactory"/>
    /// (e.g. with ssh options) or <see cref="GraduateActivityOptions"/> first; these are only defaults.
    /// </summary>
    public static void AddActivities(IServiceCollection services)
    {
        services.TryAddSingleton(_ => new DokkuClientFactory());
        services.TryAddSingleton(_ => new GraduateActivityOptions());
    }

    /// <summary>The activities to run, resolved from the services <see cref="AddActivities"/> registered.</summary>
    public static IEnumerable<ActivityDefinition> Activities(IServiceProvider services) =>
        GraduateActivities.Definitions(
            services.GetRequiredService<DokkuClientFactory>(),
            services.GetRequiredService<GraduateActivityOptions>());
}
