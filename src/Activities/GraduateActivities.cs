using Graduate.Temporal.Activities;

namespace Graduate.Activities;

/// <summary>Every activity of the Graduation workflow, for a worker to register.</summary>
public static class GraduateActivities
{
    /// <summary>One instance of each activity class, sharing <paramref name="clients"/> and <paramref name="options"/>.</summary>
    public static IReadOnlyList<object> Create(DokkuClientFactory clients, GraduateActivityOptions? options = null)
    {
        var pacing = options ?? new GraduateActivityOptions();
        return
        [
            new PreflightActivity(clients),
            new RunPreHookActivity(clients, pacing),
            new RunPostHookActivity(clients, pacing),
            new ArmGatesActivity(clients),
            new PushAppActivity(clients),
            new CheckInstallActivity(clients, pacing),
            new GoLiveActivity(clients, pacing),
            new RollBackActivity(clients, pacing),
            new CancelBuildsActivity(clients),
            new TearDownActivity(clients, pacing),
            new TagEnvironmentActivity(clients),
            new DisarmActivity(clients),
        ];
    }

    /// <summary>The activity definitions to put in <c>TemporalWorkerOptions.Activities</c>.</summary>
    public static IReadOnlyList<ActivityDefinition> Definitions(DokkuClientFactory clients, GraduateActivityOptions? options = null) =>
        [.. Create(clients, options).SelectMany(ActivityDefinition.FromInstance)];
}
