using Graduate.Dokku.Exceptions;
using Graduate.Dokku.Models;
using Graduate.Workflows;
using Graduate.Workflows.Contracts;
using Temporalio.Activities;

namespace Graduate.Activities;

/// <summary>
/// Undoes a graduation that did not go live: aborts every gate (a staged deploy is refused, the old release keeps
/// serving) and waits for the refused pushes to end. Idempotent and forgiving: an app already aborted, failed,
/// never armed or live is not an error. It does not disarm (the workflow does, once nothing can still arrive).
/// <para>
/// The plugin's abort releases the arming of a gate that is only <c>armed</c>, so a deploy still on its way would
/// then pass the gate unguarded. So a gate that is armed while its push job runs is first given time to become
/// staged (then the abort refuses it); if it never does, it is left armed (the deploy is refused at the gate's
/// deadline) and its build is cancelled.
/// </para>
/// </summary>
public sealed class TearDownActivity(DokkuClientFactory clients, GraduateActivityOptions options)
{
    [Activity(ActivityNames.TearDown)]
    public Task<TearDownResult> RunAsync(TearDownInput input) =>
        ActivityFailures.GuardAsync<TearDownResult>((heartbeat, ct) => TearDownAsync(input, heartbeat, ct));

    private async Task<TearDownResult> TearDownAsync(TearDownInput input, ActivityHeartbeat heartbeat, CancellationToken ct)
    {
        var source = clients.Create(input.Source);
        var destination = clients.Create(input.Destination);
        var deadline = DateTime.UtcNow + options.TearDownWait;
        var inFlight = await InFlightAsync(input, ct).ConfigureAwait(false);
        while (inFlight.Count > 0 && DateTime.UtcNow < deadline)
        {
            heartbeat.Report(new { waitingToReachTheirGate = inFlight });
            await Task.Delay(options.PollInterval, ct).ConfigureAwait(false);
            inFlight = await InFlightAsync(input, ct).ConfigureAwait(false);
        }

        foreach (var app in input.Apps.Where(a => !inFlight.Contains(a, StringComparer.Ordinal)))
        {
            // One app at a time: abort refuses the whole set when any app is already live.
            await ForgivingAsync(() => destination.AbortAsync(input.GraduationId, [app], ct)).ConfigureAwait(false);
        }

        foreach (var app in inFlight)
        {
            await ForgivingAsync(() => destination.CancelBuildAsync(app, ct)).ConfigureAwait(false);
        }

        while (DateTime.UtcNow < deadline)
        {
            var jobs = await source.GetJobsAsync(input.GraduationId, ct).ConfigureAwait(false);
            if (!input.Apps.Any(a => IsRunning(jobs, a)))
            {
                break;
            }

            await Task.Delay(options.PollInterval, ct).ConfigureAwait(false);
        }

        var gates = await destination.GetGatesAsync(input.GraduationId, ct).ConfigureAwait(false);
        return new TearDownResult([.. input.Apps.Select(a => new GateOutcome(a, gates.TryGetValue(a, out var g) ? g.RawState : "none"))]);
    }

    /// <summary>Apps whose push job runs while their gate is still only armed: their deploy has not reached the gate yet.</summary>
    private async Task<List<string>> InFlightAsync(TearDownInput input, CancellationToken ct)
    {
        var source = clients.Create(input.Source);
        var destination = clients.Create(input.Destination);
        var jobs = await source.GetJobsAsync(input.GraduationId, ct).ConfigureAwait(false);
        var gates = await destination.GetGatesAsync(input.GraduationId, ct).ConfigureAwait(false);
        return [.. input.Apps.Where(a => IsRunning(jobs, a) && gates.TryGetValue(a, out var g) && g.State == GateState.Armed)];
    }

    private static bool IsRunning(IReadOnlyDictionary<string, JobStatus> jobs, string app) =>
        jobs.TryGetValue("push-" + app, out var job) && job.State is JobState.Running or JobState.Unknown;

    private static async Task ForgivingAsync(Func<Task> command)
    {
        try
        {
            await command().ConfigureAwait(false);
        }
        catch (DokkuCommandException)
        {
            // Already aborted, live, never armed, nothing to cancel: the state that matters is read afterwards.
        }
    }
}
