using Graduate.Dokku.Models;
using Graduate.Workflows;
using Graduate.Workflows.Contracts;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace Graduate.Activities;

/// <summary>
/// Dokku's check-install phase for one pushed app: waits, heartbeating with the push's log tail, until the
/// destination built it, ran its checks and holds it staged at its gate. A push that fails first (build, release
/// phase, checks) or a gate that gives up is a non-retryable <c>DeployFailed</c>.
/// </summary>
public sealed class CheckInstallActivity(DokkuClientFactory clients, GraduateActivityOptions options)
{
    [Activity(ActivityNames.CheckInstall)]
    public Task<CheckInstallResult> RunAsync(CheckInstallInput input) =>
        ActivityFailures.GuardAsync<CheckInstallResult>((heartbeat, ct) => WaitUntilStagedAsync(input, heartbeat, ct));

    private async Task<CheckInstallResult> WaitUntilStagedAsync(CheckInstallInput input, ActivityHeartbeat heartbeat, CancellationToken ct)
    {
        var source = clients.Create(input.Source);
        var destination = clients.Create(input.Destination);
        var tail = new JobLogTail(source, input.GraduationId, input.Job, options.LogTailLines);
        while (true)
        {
            var jobs = await source.GetJobsAsync(input.GraduationId, ct).ConfigureAwait(false);
            var lines = jobs.TryGetValue(input.Job, out var status)
                ? await tail.UpdateAsync(status.LogLines, ct).ConfigureAwait(false)
                : [];
            var gates = await destination.GetGatesAsync(input.GraduationId, ct).ConfigureAwait(false);
            var gate = gates.TryGetValue(input.App, out var g) ? g : null;
            heartbeat.Report(new { job = input.Job, state = status?.State, gate = gate?.RawState, log = lines });

            if (status?.State == JobState.Failed)
            {
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
                    throw Failed(input, $"its gate on {input.Destination.Name} is {gate.RawState}", lines);
            }

            if (status?.State == JobState.Succeeded)
            {
                // Deployed without passing a held gate (e.g. nothing to deploy): it is already live.
                return new CheckInstallResult(input.App, input.Job, "live");
            }

            await Task.Delay(options.PollInterval, ct).ConfigureAwait(false);
        }
    }

    private static ApplicationFailureException Failed(CheckInstallInput input, string why, IReadOnlyList<string> lines) =>
        new(
            $"{input.App} could not be staged on {input.Destination.Name}: {why}. {string.Join(" | ", lines.TakeLast(5))}",
            FailureTypes.DeployFailed,
            nonRetryable: true,
            details: [new AppFailure(input.App, why, lines)]);
}
