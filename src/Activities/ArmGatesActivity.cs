using Graduate.Workflows;
using Graduate.Workflows.Contracts;
using Temporalio.Activities;

namespace Graduate.Activities;

/// <summary>Arms the destination's gates for the graduation (idempotent for the same graduation id).</summary>
public sealed class ArmGatesActivity(DokkuClientFactory clients)
{
    [Activity(ActivityNames.ArmGates)]
    public Task<ArmGatesResult> RunAsync(ArmGatesInput input) =>
        ActivityFailures.GuardAsync(async ct =>
        {
            var destination = clients.Create(input.Destination);
            await destination.ArmAsync(input.GraduationId, TimeSpan.FromSeconds(input.GateTimeoutSeconds), input.Apps, ct).ConfigureAwait(false);
            var gates = await destination.GetGatesAsync(input.GraduationId, ct).ConfigureAwait(false);
            return new ArmGatesResult([.. input.Apps.Where(gates.ContainsKey)]);
        });
}
