using Graduate.Dokku.Exceptions;
using Graduate.Dokku.Models;
using Graduate.Workflows;
using Graduate.Workflows.Contracts;
using Temporalio.Activities;

namespace Graduate.Activities;

/// <summary>
/// Opens every gate at once (<c>graduate:go</c> with all apps) and waits, heartbeating, until every push job
/// has exited: exit 0 means live. Reports which apps went live and which did not; never throws for an app that
/// failed to go live (the workflow decides about rollback). Idempotent: go is idempotent for live gates.
/// The push jobs are followed through <see cref="GraduationWatches"/> (the source answers when one ends); the gates
/// and the logs are read only to say why an app did not go live.
/// </summary>
public sealed class GoLiveActivity(DokkuClientFactory clients, GraduateActivityOptions options, GraduationWatches watches)
{
    [Activity(ActivityNames.GoLive)]
    public Task<GoLiveResult> RunAsync(GoLiveInput input) =>
        ActivityFailures.GuardAsync<GoLiveResult>((heartbeat, ct) => GoAsync(input, heartbeat, ct));

    private async Task<GoLiveResult> GoAsync(GoLiveInput input, ActivityHeartbeat heartbeat, CancellationToken ct)
    {
        var source = clients.Create(input.Source);
        var destination = clients.Create(input.Destination);
        string? refused = null;
        try
        {
            await destination.GoAsync(input.GraduationId, input.Apps, ct).ConfigureAwait(false);
        }
        catch (DokkuCommandException e)
        {
            // A gate that failed or timed out makes go refuse (nothing opened), or report it after opening the rest.
            refused = e.ErrorMessage;
        }

        using var jobsWatch = watches.Jobs(input.Source, input.GraduationId);
        while (true)
        {
            var jobs = await jobsWatch.NextAsync(ct).ConfigureAwait(false);
            // Only a refused go needs the gates while jobs still run: a gate it left closed will never go live.
            var gates = refused is null ? null : await destination.GetGatesAsync(input.GraduationId, ct).ConfigureAwait(false);
            var live = new List<string>();
            var ended = new List<string>();
            var waiting = new List<string>();
            foreach (var app in input.Apps)
            {
                var job = jobs.TryGetValue("push-" + app, out var j) ? j : null;
                switch (job?.State)
                {
                    case JobState.Succeeded:
                        live.Add(app);
                        break;
                    case JobState.Failed or null:
                        ended.Add(app);
                        break;
                    default:
                        var gate = gates is not null && gates.TryGetValue(app, out var g) ? g : null;
                        if (gate?.State is GateState.Staged or GateState.Armed)
                        {
                            ended.Add(app);
                        }
                        else
                        {
                            waiting.Add(app);
                        }

                        break;
                }
            }

            if (waiting.Count == 0)
            {
                // No last heartbeat: one sent as the activity completes can reach the server after it (the SDK then
                // warns of a heartbeat for an unknown activity), and the result says it all.
                return new GoLiveResult(live, ended.Count == 0 ? [] : await FailuresAsync(input, source, destination, jobs, gates, refused, ended, ct).ConfigureAwait(false));
            }

            heartbeat.Report(new { live, waiting, failed = ended });
        }
    }

    /// <summary>Why each of <paramref name="apps"/> did not go live: its gate and the end of its push's log.</summary>
    private async Task<List<AppFailure>> FailuresAsync(
        GoLiveInput input,
        Dokku.DokkuClient source,
        Dokku.DokkuClient destination,
        IReadOnlyDictionary<string, JobStatus> jobs,
        IReadOnlyDictionary<string, GateStatus>? gates,
        string? refused,
        List<string> apps,
        CancellationToken ct)
    {
        gates ??= await destination.GetGatesAsync(input.GraduationId, ct).ConfigureAwait(false);
        var tails = await Task.WhenAll(apps.Select(async app =>
            jobs.TryGetValue("push-" + app, out var pushed)
                ? await new JobLogTail(source, input.GraduationId, "push-" + app, options.LogTailLines).UpdateAsync(pushed.LogLines, ct).ConfigureAwait(false)
                : (IReadOnlyList<string>)[])).ConfigureAwait(false);
        var failures = new List<AppFailure>();
        for (var i = 0; i < apps.Count; i++)
        {
            var app = apps[i];
            var job = jobs.TryGetValue("push-" + app, out var j) ? j : null;
            var gate = gates.TryGetValue(app, out var g) ? g : null;
            var lines = tails[i];
            failures.Add(job?.State switch
            {
                JobState.Failed => new AppFailure(
                    app,
                    refused is null
                        ? $"its deploy failed after go (gate {gate?.RawState ?? "gone"}): {string.Join(" | ", lines.TakeLast(3))}"
                        : $"go was refused ({refused}) and its deploy ended with its gate {gate?.RawState ?? "gone"}",
                    lines,
                    PassedGate: gate?.State == GateState.Live),
                null => new AppFailure(app, "no push job on the source", []),
                // go refused as a whole: this gate stays closed; the teardown aborts it.
                _ => new AppFailure(app, "go was refused: " + refused, lines),
            });
        }

        return failures;
    }
}
