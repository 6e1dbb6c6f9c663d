using Graduate.Dokku.Exceptions;
using Graduate.Dokku.Models;
using Graduate.Workflows;
using Graduate.Workflows.Contracts;
using Temporalio.Activities;

namespace Graduate.Activities;

/// <summary>
/// Removes what is left of a graduation's armings (a live gate's arming is already gone); never fails for one
/// already removed. An app whose push job still runs keeps its arming: removing it would let that push go live
/// unguarded, while an aborted arming refuses it when it arrives.
/// </summary>
public sealed class DisarmActivity(DokkuClientFactory clients)
{
    [Activity(ActivityNames.Disarm)]
    public Task<DisarmResult> RunAsync(DisarmInput input) =>
        ActivityFailures.GuardAsync(async ct =>
        {
            var source = clients.Create(input.Source);
            var destination = clients.Create(input.Destination);
            // Both hosts at once: the pushes (source) say what may be disarmed, the gates (destination) what is left to.
            var jobsTask = source.GetJobsAsync(input.GraduationId, ct);
            var gatesTask = destination.GetGatesAsync(input.GraduationId, ct);
            await Task.WhenAll(jobsTask, gatesTask).ConfigureAwait(false);
            var jobs = await jobsTask.ConfigureAwait(false);
            var gates = await gatesTask.ConfigureAwait(false);
            var disarmed = new List<string>();
            var leftArmed = new List<string>();
            foreach (var app in input.Apps)
            {
                (jobs.TryGetValue("push-" + app, out var job) && job.State is JobState.Running or JobState.Unknown ? leftArmed : disarmed).Add(app);
            }

            // A live gate's arming went when its deploy passed (and a gate that is not there has none): after a graduation
            // that went live there is nothing left to send.
            if (!disarmed.Any(app => gates.TryGetValue(app, out var gate) && gate.State != GateState.Live))
            {
                return new DisarmResult(disarmed, leftArmed);
            }

            try
            {
                // One command for every app (one round trip, not one per app).
                await destination.DisarmAsync(input.GraduationId, disarmed, ct).ConfigureAwait(false);
            }
            catch (DokkuCommandException)
            {
                // The plugin refuses the whole set when one app is staged (a push that just arrived: the abort refuses it):
                // then one app at a time, so the others are still disarmed.
                foreach (var app in disarmed)
                {
                    try
                    {
                        await destination.DisarmAsync(input.GraduationId, [app], ct).ConfigureAwait(false);
                    }
                    catch (DokkuCommandException)
                    {
                        // Not armed any more, or staged: nothing to do.
                    }
                }
            }

            return new DisarmResult(disarmed, leftArmed);
        });
}
