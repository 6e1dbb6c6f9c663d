namespace Graduate.Demo;

/// <summary>The <c>--fail</c> values as typed on the command line.</summary>
public static class DemoFailures
{
    public static IReadOnlyDictionary<string, DemoFailure> ByName { get; } = new Dictionary<string, DemoFailure>(StringComparer.Ordinal)
    {
        ["pre-hook"] = DemoFailure.PreHook,
        ["checks"] = DemoFailure.Checks,
        ["post-hook"] = DemoFailure.PostHook,
        ["go-live"] = DemoFailure.GoLive,
    };

    public static string Name(DemoFailure failure) => ByName.FirstOrDefault(p => p.Value == failure).Key ?? "none";
}
