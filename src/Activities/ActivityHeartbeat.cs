using Temporalio.Activities;

namespace Graduate.Activities;

/// <summary>
/// Keeps an activity's heartbeat going while it works, whatever its host round trips cost: every third of the
/// heartbeat timeout it sends the latest details it was given (a hook's or push's log tail). The server notices a
/// lost worker by the heartbeats stopping; a slow ssh command, a busy machine or a long <c>ps:rebuild</c> must not
/// look like one. Heartbeats also carry cancellation to the activity.
/// </summary>
internal sealed class ActivityHeartbeat : IAsyncDisposable
{
    private readonly ActivityExecutionContext context;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private object? details;

    private ActivityHeartbeat(ActivityExecutionContext context, TimeSpan? interval)
    {
        this.context = context;
        loop = interval is { } every ? BeatAsync(every) : Task.CompletedTask;
    }

    /// <summary>Starts heartbeating for the current activity when it has a heartbeat timeout.</summary>
    public static ActivityHeartbeat Start(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var timeout = context.Info.HeartbeatTimeout;
        return new ActivityHeartbeat(context, timeout is { } t && t > TimeSpan.Zero ? t / 3 : null);
    }

    /// <summary>Sends <paramref name="latest"/> now and with every later beat.</summary>
    public void Report(object latest)
    {
        Volatile.Write(ref details, latest);
        context.Heartbeat(latest);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        stop.Dispose();
    }

    private async Task BeatAsync(TimeSpan interval)
    {
        while (true)
        {
            await Task.Delay(interval, stop.Token).ConfigureAwait(false);
            if (Volatile.Read(ref details) is { } latest)
            {
                context.Heartbeat(latest);
            }
            else
            {
                context.Heartbeat();
            }
        }
    }
}
