using Graduate.Temporal.Grpc;

namespace Graduate.Temporal.Exceptions;

/// <summary>A gRPC call to the server ended with a non-OK status.</summary>
public class RpcException : TemporalException
{
    public RpcException(StatusCode code, string message, Google.Rpc.Status? details = null, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        Details = details;
    }

    /// <summary>The gRPC status code.</summary>
    public StatusCode Code { get; }

    /// <summary>The decoded <c>grpc-status-details-bin</c> trailer, when the server sent one.</summary>
    public Google.Rpc.Status? Details { get; }

    /// <summary>Builds the most specific exception for a status.</summary>
    internal static RpcException From(StatusCode code, string message, Google.Rpc.Status? details, Exception? inner = null)
    {
        switch (code)
        {
            case StatusCode.NotFound:
                return new NotFoundException(message, details);
            case StatusCode.AlreadyExists:
                var started = details?.Details
                    .FirstOrDefault(a => a.Is(Temporalio.Api.ErrorDetails.V1.WorkflowExecutionAlreadyStartedFailure.Descriptor))
                    ?.Unpack<Temporalio.Api.ErrorDetails.V1.WorkflowExecutionAlreadyStartedFailure>();
                return started is null
                    ? new AlreadyExistsException(message, details)
                    : new WorkflowAlreadyStartedException(message, started.RunId, details);
            case StatusCode.InvalidArgument:
                return new InvalidArgumentException(message, details);
            case StatusCode.Unavailable:
                return new UnavailableException(message, details, inner);
            case StatusCode.DeadlineExceeded:
                return new DeadlineExceededException(message, details, inner);
            default:
                return new RpcException(code, message, details, inner);
        }
    }
}
