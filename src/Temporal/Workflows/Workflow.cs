namespace Graduate.Temporal.Workflows;

/// <summary>
/// What workflow code may use instead of clocks, threads and I/O. Every call is recorded in, or read from,
/// the workflow's history, so replaying the history drives the code down the same path.
/// Workflow code must not use Task.Run, Task.Delay, ConfigureAwait(false), DateTime.Now, Random, Guid.NewGuid or I/O.
/// </summary>
public static class Workflow
{
    private static WorkflowInstance Instance =>
        WorkflowInstance.Current ?? throw new InvalidOperationException("not inside workflow code");

    /// <summary>Ids, type and queue of this workflow.</summary>
    public static WorkflowInfo Info => Instance.Info;

    /// <summary>The workflow's clock: the time the current workflow task started, from history.</summary>
    public static DateTime UtcNow => Instance.UtcNow;

    /// <summary>True while re-running code for events that were already in history.</summary>
    public static bool IsReplaying => Instance.IsReplaying;

    /// <summary>Fires when cancellation of the workflow is requested (Temporal's own cancel request).</summary>
    public static CancellationToken CancellationToken => Instance.CancellationToken;

    /// <summary>A line shown at the top of the <c>__stack_trace</c> query (Web UI "Stack Trace" tab).</summary>
    public static string? CurrentDetails
    {
        get => Instance.CurrentDetails;
        set => Instance.CurrentDetails = value;
    }

    /// <summary>Schedules an activity and waits for its result.</summary>
    /// <exception cref="Exceptions.ActivityFailureException">It failed, timed out or was canceled.</exception>
    public static Task<TResult> ExecuteActivityAsync<TResult>(string activity, object? input, ActivityOptions options) =>
        Instance.ScheduleActivity<TResult>(activity, input is null ? [] : [input], options);

    /// <summary>Schedules an activity that returns nothing and waits for it.</summary>
    public static Task ExecuteActivityAsync(string activity, object? input, ActivityOptions options) =>
        Instance.ScheduleActivity<object?>(activity, input is null ? [] : [input], options);

    /// <summary>A durable timer; survives worker restarts.</summary>
    public static Task DelayAsync(TimeSpan delay, CancellationToken ct = default) => Instance.StartTimer(delay, ct);

    /// <summary>
    /// Waits until <paramref name="condition"/> is true (re-checked after every event), or the timeout.
    /// Returns false on timeout.
    /// </summary>
    public static Task<bool> WaitConditionAsync(Func<bool> condition, TimeSpan? timeout = null, CancellationToken ct = default) =>
        Instance.WaitCondition(condition, timeout, ct);

    /// <summary>True when <paramref name="exception"/> means "canceled" (an activity, a timer or the workflow).</summary>
    public static bool IsCancellation(Exception exception) =>
        exception is OperationCanceledException or Exceptions.CanceledFailureException
        || exception.InnerException is Exceptions.CanceledFailureException;
}
