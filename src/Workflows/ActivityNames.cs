namespace Graduate.Workflows;

/// <summary>The activity type names the Graduation workflow schedules; a worker must register all of them.</summary>
public static class ActivityNames
{
    public const string Preflight = "Preflight";
    public const string RunPreHook = "RunPreHook";
    public const string RunPostHook = "RunPostHook";
    public const string ArmGates = "ArmGates";
    public const string PushApp = "PushApp";
    public const string CheckInstall = "CheckInstall";
    public const string GoLive = "GoLive";
    public const string RollBack = "RollBack";
    public const string CancelBuilds = "CancelBuilds";
    public const string TearDown = "TearDown";
    public const string TagEnvironment = "TagEnvironment";
    public const string Disarm = "Disarm";
}
