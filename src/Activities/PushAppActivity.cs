using Graduate.Dokku.Models;
using Graduate.Temporal.Activities;
using Graduate.Temporal.Exceptions;
using Graduate.Workflows;
using Graduate.Workflows.Contracts;

namespace Graduate.Activities;

/// <summary>
/// Starts, on the source, the detached push of one app's sha to the destination (once per graduation: a retry
/// finds the same job) and waits, heartbeating, until the destination holds it staged at its gate. A push that
/// fails first (build, release phase, checks) or a gate that gives up is a non-retryable <c>DeployFailed</c>.
/// </summary>
public sealed class PushAppActivity(DokkuClientFactory clients, GraduateActivityOptions options)
{
    [Activity(ActivityNames.PushApp)]
    public Task<PushAppResult> RunAsync(PushAppInput input, CancellationToken ct) =>
        ActivityFailures.GuardAsync(() => PushAsync(input, ct));

    private async Task<PushAppResult> PushAsync(PushAppInput input, CancellationToken ct)
    {
        var source = clients.Create(input.Source);
        var destination = clients.Create(input.Destination);
        var context = ActivityExecutionContext.Current;
        var remote = Environments.GitRemote(input.Destination, input.App);
        var start = await source.StartPushAsync(input.GraduationId, input.App, input.Sha, remote, force: false, branch: null, ct).ConfigureAwait(false);
        var job = start.Job;
        var tail = new JobLogTail(source, input.GraduationId, job, options.LogTailLines);
        while (true)
        {
            var jobs = await source.GetJobsAsync(input.GraduationId, ct).ConfigureAwait(false);
            var status = jobs.TryGetValue(job, out var s) ? s : start.Status;
            var lines = await tail.UpdateAsync(status.LogLines, ct).ConfigureAwait(false);
            var gates = await destination.GetGatesAsync(input.GraduationId, ct).ConfigureAwait(false);
            var gate = gates.TryGetValue(input.App, out var g) ? g : null;
            context.Heartbeat(new { job, state = status.State, gate = gate?.RawState, log = lines });

            if (status.State == JobState.Failed)
            {
                throw Failed(input, $"its push failed (exit {status.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"})", lines);
            }

            switch (gate?.State)
            {
                case GateState.Staged:
                case GateState.Live:
                    return new PushAppResult(input.App, job, gate.RawState);
                case GateState.Aborted:
                case GateState.Failed:
                case GateState.TimedOut:
                    throw Failed(input, $"its gate on {input.Destination.Name} is {gate.RawState}", lines);
            }

            if (status.State == JobState.Succeeded)
            {
                // Deployed without passing a held gate (e.g. nothing to deploy): it is already live.
                return new PushAppResult(input.App, job, "live");
            }

            await Task.Delay(options.PollInterval, ct).ConfigureAwait(false);
        }
    }

    private static ApplicationFailureException Failed(PushAppInput input, string why, IReadOnlyList<string> lines) =>
        new(
            $"{input.App} could not be staged on {input.Destination.Name}: {why}. {string.Join(" | ", lines.TakeLast(5))}",
            FailureTypes.DeployFailed,
            nonRetryable: true,
            details: new AppFailure(input.App, why, lines));
}
