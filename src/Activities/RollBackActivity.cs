using Graduate.Dokku;
using Graduate.Dokku.Models;
using Graduate.Dokku.Transport;
using Graduate.Workflows;
using Graduate.Workflows.Contracts;
using Temporalio.Activities;

namespace Graduate.Activities;

/// <summary>
/// Puts apps that went live back on the sha they ran before: a forced push of <see cref="AppPlan.PreviousSha"/>
/// from the source (the gate is no longer armed after going live, so it deploys straight through). Runs under
/// its own plugin graduation id (<c>&lt;gid&gt;-rollback</c>) so it is idempotent apart from the graduation's pushes.
/// </summary>
public sealed class RollBackActivity(DokkuClientFactory clients, GraduateActivityOptions options)
{
    [Activity(ActivityNames.RollBack)]
    public Task<RollBackResult> RunAsync(RollBackInput input) =>
        ActivityFailures.GuardAsync<RollBackResult>((heartbeat, ct) => RollBackAsync(input, heartbeat, ct));

    /// <summary>The plugin graduation id rollback pushes run under.</summary>
    internal static string RollbackId(string graduationId) =>
        (graduationId.Length > 119 ? graduationId[..119] : graduationId) + "-rollback";

    /// <summary>
    /// <c>dokku ps:rebuild</c>: a whole deploy, which on a busy host outlasts the usual command timeout (real Dokku on
    /// 2 busy cores: over 5 minutes; killing it half-way leaves its new container serving under a temporary name).
    /// While another deploy of the app holds its deploy lock (this activity's earlier attempt, cut off with its
    /// worker), Dokku refuses at once: wait for that deploy to end, then rebuild.
    /// </summary>
    private async Task<CommandResult> RebuildAsync(DokkuClient destination, string app, CancellationToken ct)
    {
        while (true)
        {
            var result = await destination.ExecuteAsync(RemoteCommand.Create("ps:rebuild", DokkuNames.App(app)), new CommandOptions { Timeout = RemainingTime() }, ct).ConfigureAwait(false);
            if (result.Succeeded || !result.StandardError.Contains("has a deploy lock in place", StringComparison.Ordinal) || RemainingTime() <= TimeSpan.FromMinutes(1))
            {
                return result;
            }

            await Task.Delay(options.PollInterval * 5, ct).ConfigureAwait(false);
        }
    }

    /// <summary>What is left of this attempt's start-to-close timeout, less a minute to report the result; 30 minutes without one.</summary>
    private static TimeSpan RemainingTime()
    {
        var info = ActivityExecutionContext.Current.Info;
        if (info.StartToCloseTimeout is not { } budget)
        {
            return TimeSpan.FromMinutes(30);
        }

        var left = info.StartedTime + budget - DateTime.UtcNow - TimeSpan.FromMinutes(1);
        return left > TimeSpan.FromMinutes(1) ? left : TimeSpan.FromMinutes(1);
    }

    private async Task<RollBackResult> RollBackAsync(RollBackInput input, ActivityHeartbeat heartbeat, CancellationToken ct)
    {
        var source = clients.Create(input.Source);
        var destination = clients.Create(input.Destination);
        var id = RollbackId(input.GraduationId);
        var failed = new List<AppFailure>();
        var rebuilt = new List<string>();
        var pushing = new List<AppPlan>();
        foreach (var app in input.Apps)
        {
            if (app.PreviousSha is not { } previous)
            {
                failed.Add(new AppFailure(app.Name, $"{input.Destination.Name} never ran it before, so there is nothing to roll back to", []));
                continue;
            }

            var git = await destination.GetGitReportAsync(app.Name, ct).ConfigureAwait(false);
            if (string.Equals(git.Sha, previous, StringComparison.OrdinalIgnoreCase))
            {
                // A deploy that failed after its gate opened was rejected, so the branch still holds the previous
                // sha while the proxy may serve the failed release: pushing that sha again would change nothing.
                if (git.RevEnvVar is { Length: > 0 } revEnvVar)
                {
                    // The failed push set the rev env var (GIT_REV) to its sha before its build, and a rebuild keeps
                    // it: the previous sha first, so the rebuilt release runs with its own.
                    await destination.SetConfigAsync(app.Name, new Dictionary<string, string>(StringComparer.Ordinal) { [revEnvVar] = previous }, ct).ConfigureAwait(false);
                }

                var rebuild = await RebuildAsync(destination, app.Name, ct).ConfigureAwait(false);
                if (rebuild.Succeeded)
                {
                    rebuilt.Add(app.Name);
                }
                else
                {
                    failed.Add(new AppFailure(
                        app.Name,
                        $"its branch on {input.Destination.Name} already holds {previous[..Math.Min(12, previous.Length)]} but the failed release may be serving, and 'dokku ps:rebuild {app.Name}' failed there (exit {rebuild.ExitCode}: {DokkuOutput.FailureMessage(rebuild.StandardError)}): rebuild it by hand",
                        rebuild.ErrorLines));
                }

                continue;
            }

            await source.StartPushAsync(id, app.Name, previous, Environments.GitRemote(input.Destination, app.Name), force: true, app.DeployBranch, ct).ConfigureAwait(false);
            pushing.Add(app);
        }

        var tails = pushing.ToDictionary(a => a.Name, a => new JobLogTail(source, id, "push-" + a.Name, options.LogTailLines), StringComparer.Ordinal);
        while (true)
        {
            var jobs = await source.GetJobsAsync(id, ct).ConfigureAwait(false);
            var done = new List<string>(rebuilt);
            var stillFailed = new List<AppFailure>(failed);
            var waiting = 0;
            foreach (var app in pushing)
            {
                var job = jobs.TryGetValue("push-" + app.Name, out var j) ? j : null;
                switch (job?.State)
                {
                    case JobState.Succeeded:
                        done.Add(app.Name);
                        break;
                    case JobState.Failed:
                        var lines = await tails[app.Name].UpdateAsync(job.LogLines, ct).ConfigureAwait(false);
                        stillFailed.Add(new AppFailure(app.Name, "its rollback push failed", lines));
                        break;
                    default:
                        waiting++;
                        break;
                }
            }

            if (waiting == 0)
            {
                return new RollBackResult(done, stillFailed);
            }

            heartbeat.Report(new { rolledBack = done, waiting });

            await Task.Delay(options.PollInterval, ct).ConfigureAwait(false);
        }
    }
}
