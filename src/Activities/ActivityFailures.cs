using Graduate.Dokku.Exceptions;
using Graduate.Temporal.Exceptions;
using Graduate.Workflows;

namespace Graduate.Activities;

/// <summary>
/// Turns Dokku client errors into Temporal failures: a host that cannot be reached (or a command that timed
/// out: every activity is idempotent) is retryable with backoff; anything the host answered with an error,
/// a refused key or host key, or invalid input is not.
/// </summary>
internal static class ActivityFailures
{
    public static async Task<T> GuardAsync<T>(Func<Task<T>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (DokkuConnectionException e)
        {
            throw new ApplicationFailureException(e.Message, FailureTypes.HostUnreachable, nonRetryable: false, inner: e);
        }
        catch (DokkuTimeoutException e)
        {
            throw new ApplicationFailureException(e.Message, FailureTypes.HostUnreachable, nonRetryable: false, inner: e);
        }
        catch (DokkuTransportException e) when (e.IsTransient)
        {
            throw new ApplicationFailureException(e.Message, FailureTypes.HostUnreachable, nonRetryable: false, inner: e);
        }
        catch (DokkuValidationException e)
        {
            throw InvalidInput(e.Message);
        }
        catch (DokkuException e)
        {
            throw new ApplicationFailureException(e.Message, FailureTypes.DokkuCommandFailed, nonRetryable: true, inner: e);
        }
    }

    public static ApplicationFailureException InvalidInput(string message) =>
        new(message, FailureTypes.InvalidInput, nonRetryable: true);
}
