using Graduate.Workflows;
using Graduate.Workflows.Contracts;
using Temporalio.Activities;

namespace Graduate.Activities;

/// <summary>Runs PRE hook number <see cref="HookInput.Index"/> on the source and waits for it (job <c>pre-&lt;n&gt;</c>).</summary>
public sealed class RunPreHookActivity(DokkuClientFactory clients, GraduateActivityOptions options, GraduationWatches watches, TimeProvider time)
{
    private readonly HookRunner runner = new(clients, options, watches, time);

    [Activity(ActivityNames.RunPreHook)]
    public Task<HookResult> RunAsync(HookInput input) => runner.RunAsync("pre", input);
}
