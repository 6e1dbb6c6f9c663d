using Graduate.Workflows;
using Graduate.Workflows.Contracts;
using Temporalio.Activities;

namespace Graduate.Activities;

/// <summary>Runs POST hook number <see cref="HookInput.Index"/> on the source and waits for it (job <c>post-&lt;n&gt;</c>).</summary>
public sealed class RunPostHookActivity(DokkuClientFactory clients, GraduateActivityOptions options, GraduationWatches watches, TimeProvider time)
{
    private readonly HookRunner runner = new(clients, options, watches, time);

    [Activity(ActivityNames.RunPostHook)]
    public Task<HookResult> RunAsync(HookInput input) => runner.RunAsync("post", input);
}
