using Graduate.Temporal.Exceptions;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Failure.V1;

namespace Graduate.Temporal.Converters;

/// <summary>Exceptions to <see cref="Failure"/> and back, cause chain included.</summary>
public static class FailureConverter
{
    private const string Source = "GraduateDotNet";

    /// <summary>Encodes an exception (and its inner exceptions) as a failure.</summary>
    public static Failure ToFailure(Exception exception)
    {
        if (exception is FailureException { Failure: { } original })
        {
            return original.Clone();
        }

        var failure = new Failure
        {
            Message = exception.Message,
            Source = Source,
            StackTrace = exception.StackTrace ?? string.Empty,
        };
        switch (exception)
        {
            case ApplicationFailureException app:
                var info = new ApplicationFailureInfo { Type = app.Type, NonRetryable = app.NonRetryable };
                if (app.EncodedDetails is { } encoded)
                {
                    info.Details = encoded;
                }
                else if (app.DetailsValue is { } details)
                {
                    info.Details = PayloadConverter.EncodeAll([details]);
                }

                failure.ApplicationFailureInfo = info;
                break;
            case CanceledFailureException or OperationCanceledException:
                failure.CanceledFailureInfo = new CanceledFailureInfo();
                break;
            case TimeoutFailureException timeout:
                failure.TimeoutFailureInfo = new TimeoutFailureInfo { TimeoutType = timeout.TimeoutType };
                break;
            case TerminatedFailureException:
                failure.TerminatedFailureInfo = new TerminatedFailureInfo();
                break;
            case ActivityFailureException activity:
                failure.ActivityFailureInfo = new ActivityFailureInfo
                {
                    ActivityType = new ActivityType { Name = activity.ActivityType },
                    ActivityId = activity.ActivityId,
                    RetryState = activity.RetryState,
                };
                break;
            case ServerFailureException server:
                failure.ServerFailureInfo = new ServerFailureInfo { NonRetryable = server.NonRetryable };
                break;
            default:
                // Any other exception is an application failure named after its .NET type.
                failure.ApplicationFailureInfo = new ApplicationFailureInfo { Type = exception.GetType().Name };
                break;
        }

        if (exception.InnerException is { } inner)
        {
            failure.Cause = ToFailure(inner);
        }

        return failure;
    }

    /// <summary>Decodes a failure (and its causes) into the matching exception.</summary>
    public static Exception ToException(Failure failure)
    {
        var inner = failure.Cause is null ? null : ToException(failure.Cause);
        FailureException exception = failure.FailureInfoCase switch
        {
            Failure.FailureInfoOneofCase.ApplicationFailureInfo => new ApplicationFailureException(
                failure.Message,
                failure.ApplicationFailureInfo.Type,
                failure.ApplicationFailureInfo.NonRetryable,
                inner: inner)
            {
                EncodedDetails = failure.ApplicationFailureInfo.Details,
            },
            Failure.FailureInfoOneofCase.CanceledFailureInfo => new CanceledFailureException(failure.Message, inner),
            Failure.FailureInfoOneofCase.TimeoutFailureInfo => new TimeoutFailureException(
                failure.Message, failure.TimeoutFailureInfo.TimeoutType, inner),
            Failure.FailureInfoOneofCase.TerminatedFailureInfo => new TerminatedFailureException(failure.Message, inner),
            Failure.FailureInfoOneofCase.ServerFailureInfo => new ServerFailureException(
                failure.Message, failure.ServerFailureInfo.NonRetryable, inner),
            Failure.FailureInfoOneofCase.ActivityFailureInfo => new ActivityFailureException(
                ActivityMessage(failure, inner),
                failure.ActivityFailureInfo.ActivityType?.Name ?? string.Empty,
                failure.ActivityFailureInfo.ActivityId,
                failure.ActivityFailureInfo.RetryState,
                inner),
            _ => new ApplicationFailureException(failure.Message, failure.FailureInfoCase.ToString(), inner: inner),
        };
        exception.Failure = failure;
        exception.RemoteStackTrace = string.IsNullOrEmpty(failure.StackTrace) ? null : failure.StackTrace;
        return exception;
    }

    private static string ActivityMessage(Failure failure, Exception? inner) =>
        string.IsNullOrEmpty(failure.Message) || failure.Message == "Activity task failed"
            ? $"activity {failure.ActivityFailureInfo.ActivityType?.Name} failed: {inner?.Message}"
            : failure.Message;

    /// <summary>Turns the first payload of a set into a value.</summary>
    internal static T? FirstOrDefault<T>(Payloads? payloads) =>
        payloads is { Payloads_.Count: > 0 } ? PayloadConverter.Decode<T>(payloads.Payloads_[0]) : default;
}
