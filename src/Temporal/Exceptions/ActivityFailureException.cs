using Temporalio.Api.Enums.V1;

namespace Graduate.Temporal.Exceptions;

/// <summary>
/// An activity a workflow awaited ended without a result. <see cref="Exception.InnerException"/> says why
/// (an <see cref="ApplicationFailureException"/>, a <see cref="TimeoutFailureException"/> or a
/// <see cref="CanceledFailureException"/>).
/// </summary>
public sealed class ActivityFailureException : FailureException
{
    public ActivityFailureException(string message, string activityType, string activityId, RetryState retryState, Exception? inner)
        : base(message, inner)
    {
        ActivityType = activityType;
        ActivityId = activityId;
        RetryState = retryState;
    }

    /// <summary>The activity's registered name.</summary>
    public string ActivityType { get; }

    /// <summary>The activity id within its workflow.</summary>
    public string ActivityId { get; }

    /// <summary>Why retries stopped.</summary>
    public RetryState RetryState { get; }
}
