using System.Text;
using Graduate.Dokku.Models;
using Graduate.Dokku.Transport;
using Graduate.Workflows;
using Graduate.Workflows.Contracts;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace Graduate.Activities;

/// <summary>
/// Runs one hook as a detached plugin job on the source (so a worker crash does not kill it; a retried
/// attempt finds the same job) and follows it until it exits (through <see cref="GraduationWatches"/>: the source
/// answers when it ends), heartbeating with the log tail.
/// </summary>
internal sealed class HookRunner(DokkuClientFactory clients, GraduateActivityOptions options, GraduationWatches watches, TimeProvider time)
{
    public Task<HookResult> RunAsync(string kind, HookInput input) =>
        ActivityFailures.GuardAsync<HookResult>((heartbeat, ct) => RunCoreAsync(kind, input, heartbeat, ct));

    /// <summary>The hook's shell line, preceded by the exports the original plugin gave hooks and ours.</summary>
    internal static string Script(HookInput input)
    {
        var script = new StringBuilder();
        void Export(string name, string value) =>
            script.Append("export ").Append(name).Append('=').Append(ShellQuoting.Quote(value)).Append('\n');
        Export("ENVIRONMENT_URL", Environments.HostPart(input.Destination));
        Export("LAST_TAG", input.LastTag ?? string.Empty);
        Export("GRADUATE_ID", input.GraduationId);
        Export("GRADUATE_SOURCE", input.Source.Name);
        Export("GRADUATE_DESTINATION", input.Destination.Name);
        Export("GRADUATE_APPS", string.Join(' ', input.Apps));
        if (input.RollbackTo is { } tag)
        {
            Export("GRADUATE_ROLLBACK", "1");
            Export("GRADUATE_ROLLBACK_TO", tag);
        }

        script.Append(input.Command).Append('\n');
        return script.ToString();
    }

    private async Task<HookResult> RunCoreAsync(string kind, HookInput input, ActivityHeartbeat heartbeat, CancellationToken ct)
    {
        var job = $"{kind}-{input.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        var source = clients.Create(input.Source);
        await source.StartHookAsync(input.GraduationId, job, Script(input), ct).ConfigureAwait(false);
        var tail = new JobLogTail(source, input.GraduationId, job, options.LogTailLines);
        using var jobsWatch = watches.Jobs(input.Source, input.GraduationId);
        // Ends the wait still pending when this returns.
        using var done = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var next = jobsWatch.NextAsync(done.Token);
        var logDue = time.GetTimestamp();
        try
        {
            while (true)
            {
                var logWait = options.LogInterval - time.GetElapsedTime(logDue);
                await Task.WhenAny(next, Task.Delay(logWait > TimeSpan.Zero ? logWait : TimeSpan.Zero, time, done.Token)).ConfigureAwait(false);
                ct.ThrowIfCancellationRequested();
                if (!next.IsCompleted)
                {
                    // Still running: its new lines, for the heartbeat.
                    heartbeat.Report(new HookResult(job, null, await tail.UpdateAsync(ct).ConfigureAwait(false)));
                    logDue = time.GetTimestamp();
                    continue;
                }

                var jobs = await next.ConfigureAwait(false);
                next = jobsWatch.NextAsync(done.Token);
                if (!jobs.TryGetValue(job, out var status))
                {
                    // A listing from before the hook started, or the job is gone: the host says which.
                    if ((await source.GetJobsAsync(input.GraduationId, ct).ConfigureAwait(false)).ContainsKey(job))
                    {
                        continue;
                    }

                    throw new ApplicationFailureException($"Hook job {job} vanished from {input.Source.Name}.", FailureTypes.DokkuCommandFailed, nonRetryable: true);
                }

                switch (status.State)
                {
                    case JobState.Succeeded:
                        return new HookResult(job, status.ExitCode ?? 0, await tail.UpdateAsync(status.LogLines, ct).ConfigureAwait(false));
                    case JobState.Failed:
                        var lines = await tail.UpdateAsync(status.LogLines, ct).ConfigureAwait(false);
                        var result = new HookResult(job, status.ExitCode, lines);
                        var exit = status.ExitCode is { } code ? $"exit {code.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : "its process vanished";
                        throw new ApplicationFailureException(
                            $"{kind.ToUpperInvariant()} hook {input.Index.ToString(System.Globalization.CultureInfo.InvariantCulture)} ({input.Command}) failed on {input.Source.Name} ({exit}): {string.Join(" | ", lines.TakeLast(5))}",
                            FailureTypes.HookFailed,
                            nonRetryable: true,
                            details: [result]);
                }
            }
        }
        finally
        {
            await done.CancelAsync().ConfigureAwait(false);
        }
    }
}
