using Graduate.Dokku.Models;
using Graduate.Workflows;
using Graduate.Workflows.Contracts;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace Graduate.Activities;

/// <summary>
/// Dokku's check-install phase for one pushed app: waits, heartbeating with the push's log tail, until the
/// destination built it, ran its checks and holds it staged at its gate. A push that fails first (build, release
/// phase, checks) or a gate that gives up is a non-retryable <c>DeployFailed</c>. The push job (source) and the gate
/// (destination) are followed through <see cref="GraduationWatches"/>, so the activity learns of either change as the
/// host sees it, and all of a graduation's apps share one waiting command per host.
/// </summary>
public sealed class CheckInstallActivity(DokkuClientFactory clients, GraduateActivityOptions options, GraduationWatches watches, TimeProvider time)
{
    [Activity(ActivityNames.CheckInstall)]
    public Task<CheckInstallResult> RunAsync(CheckInstallInput input) =>
        ActivityFailures.GuardAsync<CheckInstallResult>((heartbeat, ct) => WaitUntilStagedAsync(input, heartbeat, ct));

    private async Task<CheckInstallResult> WaitUntilStagedAsync(CheckInstallInput input, ActivityHeartbeat heartbeat, CancellationToken ct)
    {
        var tail = new JobLogTail(clients.Create(input.Source), input.GraduationId, input.Job, options.LogTailLines);
        using var jobsWatch = watches.Jobs(input.Source, input.GraduationId);
        using var gatesWatch = watches.Gates(input.Destination, input.GraduationId);
        // Ends the waits still pending when this returns.
        using var done = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var nextJobs = jobsWatch.NextAsync(done.Token);
        var nextGates = gatesWatch.NextAsync(done.Token);
        IReadOnlyDictionary<string, JobStatus>? jobs = null;
        IReadOnlyDictionary<string, GateStatus>? gates = null;
        var logDue = time.GetTimestamp();
        try
        {
            while (true)
            {
                if (jobs is null || gates is null)
                {
                    // Nothing to show in a heartbeat before both hosts have answered once.
                    await Task.WhenAny(nextJobs, nextGates).ConfigureAwait(false);
                }
                else
                {
                    var logWait = options.LogInterval - time.GetElapsedTime(logDue);
                    await Task.WhenAny(nextJobs, nextGates, Task.Delay(logWait > TimeSpan.Zero ? logWait : TimeSpan.Zero, time, done.Token)).ConfigureAwait(false);
                }

                if (nextJobs.IsCompleted)
                {
                    jobs = await nextJobs.ConfigureAwait(false);
                    nextJobs = jobsWatch.NextAsync(done.Token);
                }

                if (nextGates.IsCompleted)
                {
                    gates = await nextGates.ConfigureAwait(false);
                    nextGates = gatesWatch.NextAsync(done.Token);
                }

                ct.ThrowIfCancellationRequested();
                if (jobs is null || gates is null)
                {
                    continue;
                }

                var status = jobs.TryGetValue(input.Job, out var s) ? s : null;
                var gate = gates.TryGetValue(input.App, out var g) ? g : null;
                if (status?.State == JobState.Failed)
                {
                    var lines = await tail.UpdateAsync(status.LogLines, ct).ConfigureAwait(false);
                    throw Failed(input, $"its push failed (exit {status.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"})", lines);
                }

                switch (gate?.State)
                {
                    case GateState.Staged:
                    case GateState.Live:
                        return new CheckInstallResult(input.App, input.Job, gate.RawState);
                    case GateState.Aborted:
                    case GateState.Failed:
                    case GateState.TimedOut:
                        throw Failed(input, $"its gate on {input.Destination.Name} is {gate.RawState}", await tail.UpdateAsync(ct).ConfigureAwait(false));
                }

                if (status?.State == JobState.Succeeded)
                {
                    // Deployed without passing a held gate (e.g. nothing to deploy): it is already live.
                    return new CheckInstallResult(input.App, input.Job, "live");
                }

                if (time.GetElapsedTime(logDue) >= options.LogInterval)
                {
                    // Only for the heartbeat (what a watcher of the graduation sees): a few times a minute is plenty.
                    await tail.UpdateAsync(ct).ConfigureAwait(false);
                    logDue = time.GetTimestamp();
                }

                heartbeat.Report(new { job = input.Job, state = status?.State, gate = gate?.RawState, log = tail.Lines });
            }
        }
        finally
        {
            await done.CancelAsync().ConfigureAwait(false);
        }
    }

    private static ApplicationFailureException Failed(CheckInstallInput input, string why, IReadOnlyList<string> lines) =>
        new(
            $"{input.App} could not be staged on {input.Destination.Name}: {why}. {string.Join(" | ", lines.TakeLast(5))}",
            FailureTypes.DeployFailed,
            nonRetryable: true,
            details: [new AppFailure(input.App, why, lines)]);
}
