namespace Graduate.Demo;

/// <summary>Which step <c>graduate demo --fail</c> makes fail.</summary>
public enum DemoFailure
{
    /// <summary>Nothing fails: the graduation completes.</summary>
    None,

    /// <summary>A PRE hook exits non-zero: nothing is staged.</summary>
    PreHook,

    /// <summary>Staging runs a webservices release whose healthcheck fails: it cannot be staged on production.</summary>
    Checks,

    /// <summary>A POST hook (a smoke test of the staged releases) exits non-zero: every gate is aborted.</summary>
    PostHook,

    /// <summary>webservices fails to go live: portal, already live, is rolled back.</summary>
    GoLive,
}
