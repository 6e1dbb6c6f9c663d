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
/// </summary>
public sealed class GoLiveActivity(DokkuClientFactory clients, GraduateActivityOptions options)
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

        var tails = input.Apps.ToDictionary(a => a, a => new JobLogTail(source, input.GraduationId, "push-" + a, options.LogTailLines), StringComparer.Ordinal);
        while (true)
        {
            var jobs = await source.GetJobsAsync(input.GraduationId, ct).ConfigureAwait(false);
            var gates = await destination.GetGatesAsync(input.GraduationId, ct).ConfigureAwait(false);
            var live = new List<string>();
            var failed = new List<AppFailure>();
            var waiting = new List<string>();
            // Every app's new log lines at once: one round trip's wait, not one per app.
            var tailed = await Task.WhenAll(input.Apps.Select(async app =>
                jobs.TryGetValue("push-" + app, out var pushed)
                    ? await tails[app].UpdateAsync(pushed.LogLines, ct).ConfigureAwait(false)
                    : (IReadOnlyList<string>)[])).ConfigureAwait(false);
            for (var i = 0; i < input.Apps.Count; i++)
            {
                var app = input.Apps[i];
                var job = jobs.TryGetValue("push-" + app, out var j) ? j : null;
                var gate = gates.TryGetValue(app, out var g) ? g : null;
                var lines = tailed[i];
                switch (job?.State)
                {
                    case JobState.Succeeded:
                        live.Add(app);
                        break;
                    case JobState.Failed:
                        failed.Add(new AppFailure(
                            app,
                            refused is null
                                ? $"its deploy failed after go (gate {gate?.RawState ?? "gone"}): {string.Join(" | ", lines.TakeLast(3))}"
                                : $"go was refused ({refused}) and its deploy ended with its gate {gate?.RawState ?? "gone"}",
                            lines,
                            PassedGate: gate?.State == GateState.Live));
                        break;
                    case null:
                        failed.Add(new AppFailure(app, "no push job on the source", []));
                        break;
                    default:
                        if (refused is not null && gate?.State is GateState.Staged or GateState.Armed)
                        {
                            // go refused as a whole: this gate stays closed; the teardown aborts it.
                            failed.Add(new AppFailure(app, "go was refused: " + refused, lines));
                        }
                        else
                        {
                            waiting.Add(app);
                        }

                        break;
                }
            }

            heartbeat.Report(new { live, waiting, failed = failed.Select(f => f.App).ToList() });
            if (waiting.Count == 0)
            {
                return new GoLiveResult(live, failed);
            }

            await Task.Delay(options.PollInterval, ct).ConfigureAwait(false);
        }
    }
}
