using Graduate.Dokku.Exceptions;
using Graduate.Workflows;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace Graduate.Activities;

/// <summary>
/// Turns Dokku client errors into Temporal failures: a host that cannot be reached (or a command that timed
/// out: every activity is idempotent) is retryable with backoff; anything the host answered with an error,
/// a refused key or host key, or invalid input is not.
/// </summary>
internal static class ActivityFailures
{
    /// <summary>Runs <paramref name="body"/> with the activity's cancellation token, translating Dokku errors.</summary>
    public static Task<T> GuardAsync<T>(Func<CancellationToken, Task<T>> body) => GuardAsync<T>((_, ct) => body(ct));

    /// <summary>
    /// Runs <paramref name="body"/> with the activity's heartbeat (kept going in the background while the activity
    /// has a heartbeat timeout; the body reports its live details to it) and cancellation token, translating Dokku errors.
    /// </summary>
    public static async Task<T> GuardAsync<T>(Func<ActivityHeartbeat, CancellationToken, Task<T>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var context = ActivityExecutionContext.Current;
        await using var heartbeat = ActivityHeartbeat.Start(context);
        try
        {
            return await body(heartbeat, context.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException && context.CancellationToken.IsCancellationRequested)
        {
            // Whatever the interrupted ssh command reported, the activity was canceled (by the workflow, or by a
            // stopping worker: the SDK reports that as retryable, so another worker takes the activity over).
            throw new OperationCanceledException($"{context.Info.ActivityType} was canceled ({context.CancelReason})", e, context.CancellationToken);
        }
        catch (DokkuConnectionException e)
        {
            throw new ApplicationFailureException(e.Message, e, FailureTypes.HostUnreachable, nonRetryable: false);
        }
        catch (DokkuTimeoutException e)
        {
            throw new ApplicationFailureException(e.Message, e, FailureTypes.HostUnreachable, nonRetryable: false);
        }
        catch (DokkuTransportException e) when (e.IsTransient)
        {
            throw new ApplicationFailureException(e.Message, e, FailureTypes.HostUnreachable, nonRetryable: false);
        }
        catch (DokkuValidationException e)
        {
            throw InvalidInput(e.Message);
        }
        catch (DokkuException e)
        {
            throw new ApplicationFailureException(e.Message, e, FailureTypes.DokkuCommandFailed, nonRetryable: true);
        }
    }

    public static ApplicationFailureException InvalidInput(string message) =>
        new(message, FailureTypes.InvalidInput, nonRetryable: true);
}
