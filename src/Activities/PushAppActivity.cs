using Graduate.Workflows;
using Graduate.Workflows.Contracts;
using Temporalio.Activities;

namespace Graduate.Activities;

/// <summary>
/// Starts, on the source, the detached push of one app's sha to the destination (forced for a rollback, whose release
/// is older than the destination's). Once per graduation: a retry,
/// or a new worker after a crash, finds the same job instead of pushing twice. Waiting for Dokku to build, check
/// and hold the release is <see cref="CheckInstallActivity"/>'s part.
/// </summary>
public sealed class PushAppActivity(DokkuClientFactory clients)
{
    [Activity(ActivityNames.PushApp)]
    public Task<PushAppResult> RunAsync(PushAppInput input) =>
        ActivityFailures.GuardAsync(async ct =>
        {
            var remote = Environments.GitRemote(input.Destination, input.App);
            var start = await clients.Create(input.Source)
                .StartPushAsync(input.GraduationId, input.App, input.Sha, remote, input.Force, input.Branch, ct).ConfigureAwait(false);
            return new PushAppResult(input.App, start.Job);
        });
}
