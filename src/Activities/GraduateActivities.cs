namespace Graduate.Activities;

/// <summary>
/// Every activity class of the Graduation workflow. Each is a plain class whose dependencies
/// (<see cref="DokkuClientFactory"/>, <see cref="GraduateActivityOptions"/>) come from the worker host's services,
/// with one <c>[Activity]</c> method; the worker host registers them all (src/Worker).
/// </summary>
public static class GraduateActivities
{
    public static IReadOnlyList<Type> Types { get; } =
    [
        typeof(PreflightActivity),
        typeof(RunPreHookActivity),
        typeof(RunPostHookActivity),
        typeof(ArmGatesActivity),
        typeof(PushAppActivity),
        typeof(CheckInstallActivity),
        typeof(GoLiveActivity),
        typeof(RollBackActivity),
        typeof(CancelBuildsActivity),
        typeof(TearDownActivity),
        typeof(TagEnvironmentActivity),
        typeof(DisarmActivity),
    ];
}
