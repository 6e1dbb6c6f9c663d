using Temporalio.Api.Enums.V1;

namespace Graduate.Temporal.Exceptions;

/// <summary>An activity or workflow ran past one of its timeouts.</summary>
public sealed class TimeoutFailureException : FailureException
{
    public TimeoutFailureException(string message, TimeoutType timeoutType, Exception? inner = null)
        : base(message, inner)
    {
        TimeoutType = timeoutType;
    }

    /// <summary>Which timeout fired (start-to-close, schedule-to-close, heartbeat...).</summary>
    public TimeoutType TimeoutType { get; }
}
