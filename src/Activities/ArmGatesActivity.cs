using Graduate.Workflows;
using Graduate.Workflows.Contracts;
using Temporalio.Activities;

namespace Graduate.Activities;

/// <summary>
/// Arms the destination's gates for the graduation (idempotent for the same graduation id). The plugin arms every app
/// or none (it refuses the whole set first), so its success means every app's gate is there.
/// </summary>
public sealed class ArmGatesActivity(DokkuClientFactory clients)
{
    [Activity(ActivityNames.ArmGates)]
    public Task<ArmGatesResult> RunAsync(ArmGatesInput input) =>
        ActivityFailures.GuardAsync(async ct =>
        {
            var destination = clients.Create(input.Destination);
            await destination.ArmAsync(input.GraduationId, TimeSpan.FromSeconds(input.GateTimeoutSeconds), input.Apps, ct).ConfigureAwait(false);
            return new ArmGatesResult([.. input.Apps]);
        });
}
