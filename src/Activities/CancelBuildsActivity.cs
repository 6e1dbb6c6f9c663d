using Graduate.Dokku.Exceptions;
using Graduate.Dokku.Models;
using Graduate.Workflows;
using Graduate.Workflows.Contracts;
using Temporalio.Activities;

namespace Graduate.Activities;

/// <summary>
/// Speeds up a teardown: <c>builds:cancel</c> on the destination for each app whose push job runs while its gate is
/// still only armed (a build or release phase in progress), so a canceled graduation need not wait for slow builds.
/// Safe whatever the timing: a deploy killed before its gate changes nothing, one that already reached its gate is
/// refused (the gate becomes <c>failed</c>), and a push that arrives later is held at its still-armed gate.
/// Idempotent; nothing to cancel is not an error.
/// </summary>
public sealed class CancelBuildsActivity(DokkuClientFactory clients)
{
    [Activity(ActivityNames.CancelBuilds)]
    public Task<CancelBuildsResult> RunAsync(CancelBuildsInput input) =>
        ActivityFailures.GuardAsync(async ct =>
        {
            var source = clients.Create(input.Source);
            var destination = clients.Create(input.Destination);
            var jobs = await source.GetJobsAsync(input.GraduationId, ct).ConfigureAwait(false);
            var gates = await destination.GetGatesAsync(input.GraduationId, ct).ConfigureAwait(false);
            var canceled = new List<string>();
            foreach (var app in input.Apps)
            {
                var running = jobs.TryGetValue("push-" + app, out var job) && job.State is JobState.Running or JobState.Unknown;
                if (!running || !gates.TryGetValue(app, out var gate) || gate.State != GateState.Armed)
                {
                    continue;
                }

                try
                {
                    await destination.CancelBuildAsync(app, ct).ConfigureAwait(false);
                    canceled.Add(app);
                }
                catch (DokkuCommandException)
                {
                    // Nothing running there (yet): the push, if it comes, is held at its armed gate.
                }
            }

            return new CancelBuildsResult(canceled);
        });
}
