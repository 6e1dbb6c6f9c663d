using System.Collections.Concurrent;
using Graduate.Dokku.Models;
using Graduate.Workflows;

namespace Graduate.Activities;

/// <summary>
/// The graduations' jobs and gates as this worker's activities wait on them: per host and graduation, one command that
/// the host answers when something changed (<c>graduate:jobs</c>/<c>graduate:gates --wait</c>), shared by every
/// activity waiting on it (see <see cref="HostWatch{T}"/>). A singleton of the worker host.
/// </summary>
public sealed class GraduationWatches(DokkuClientFactory clients, GraduateActivityOptions options, TimeProvider time)
{
    private static readonly HashSet<string> GateWords = new(["armed", "staged", "live", "aborted", "failed", "timed-out"], StringComparer.Ordinal);

    private readonly ConcurrentDictionary<(string Host, string GraduationId), HostWatch<IReadOnlyDictionary<string, JobStatus>>> jobs = new();
    private readonly ConcurrentDictionary<(string Host, string GraduationId), HostWatch<IReadOnlyDictionary<string, GateStatus>>> gates = new();

    /// <summary>Follows the jobs (pushes, hooks) of graduation <paramref name="graduationId"/> on <paramref name="host"/>; dispose to stop.</summary>
    internal HostWatch<IReadOnlyDictionary<string, JobStatus>>.Subscription Jobs(EnvironmentRef host, string graduationId)
    {
        var client = clients.Create(host);
        return Subscribe(jobs, (host.Url, graduationId), (last, ct) => FetchAsync(
            last,
            JobWord,
            (known, wait, c) => client.WaitForJobsAsync(graduationId, known, wait, c),
            c => client.GetJobsAsync(graduationId, c),
            ct));
    }

    /// <summary>Follows the gates of graduation <paramref name="graduationId"/> on <paramref name="host"/>; dispose to stop.</summary>
    internal HostWatch<IReadOnlyDictionary<string, GateStatus>>.Subscription Gates(EnvironmentRef host, string graduationId)
    {
        var client = clients.Create(host);
        return Subscribe(gates, (host.Url, graduationId), (last, ct) => FetchAsync(
            last,
            GateWord,
            (known, wait, c) => client.WaitForGatesAsync(graduationId, known, wait, c),
            c => client.GetGatesAsync(graduationId, c),
            ct));
    }

    private static HostWatch<IReadOnlyDictionary<string, TStatus>>.Subscription Subscribe<TStatus>(
        ConcurrentDictionary<(string Host, string GraduationId), HostWatch<IReadOnlyDictionary<string, TStatus>>> watches,
        (string Host, string GraduationId) key,
        Func<IReadOnlyDictionary<string, TStatus>?, CancellationToken, Task<IReadOnlyDictionary<string, TStatus>>> fetch)
        where TStatus : class
    {
        while (true)
        {
            var watch = watches.GetOrAdd(key, _ => new(fetch, Signature, ended => watches.TryRemove(new(key, ended))));
            if (watch.Subscribe() is { } subscription)
            {
                return subscription;
            }

            // It ended just now: make way for a new one.
            watches.TryRemove(new(key, watch));
        }
    }

    /// <summary>
    /// The next answer: at once when there is no last one (or it holds a state this client cannot name back to the
    /// plugin), else once the host sees a change or <see cref="GraduateActivityOptions.HostWait"/> has passed.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, TStatus>> FetchAsync<TStatus>(
        IReadOnlyDictionary<string, TStatus>? last,
        Func<TStatus, string?> word,
        Func<IReadOnlyDictionary<string, string>, TimeSpan, CancellationToken, Task<IReadOnlyDictionary<string, TStatus>>> waitForChange,
        Func<CancellationToken, Task<IReadOnlyDictionary<string, TStatus>>> now,
        CancellationToken ct)
        where TStatus : class
    {
        if (last is null)
        {
            return await now(ct).ConfigureAwait(false);
        }

        var known = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, status) in last)
        {
            if (word(status) is not { } state)
            {
                // A newer plugin's state: this client cannot tell it what it knows, so it asks the way it polls.
                await Task.Delay(options.PollInterval, time, ct).ConfigureAwait(false);
                return await now(ct).ConfigureAwait(false);
            }

            known[name] = state;
        }

        var started = time.GetTimestamp();
        var next = await waitForChange(known, options.HostWait, ct).ConfigureAwait(false);
        if (Signature(next) == Signature(last) && time.GetElapsedTime(started) < options.HostWait - TimeSpan.FromSeconds(1))
        {
            // Unchanged, and answered before the wait was over: a plugin that does not wait (older than --wait).
            await Task.Delay(options.PollInterval, time, ct).ConfigureAwait(false);
        }

        return next;
    }

    private static string? JobWord(JobStatus status) => status.State switch
    {
        JobState.Running => "running",
        JobState.Succeeded => "succeeded",
        JobState.Failed => "failed",
        _ => null,
    };

    private static string? GateWord(GateStatus status) => GateWords.Contains(status.RawState) ? status.RawState : null;

    private static string Signature<TStatus>(IReadOnlyDictionary<string, TStatus> listing)
        where TStatus : class =>
        string.Join(';', listing.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Key + "=" + e.Value switch
        {
            JobStatus job => job.State.ToString(),
            GateStatus gate => gate.RawState,
            _ => e.Value.ToString(),
        }));
}
