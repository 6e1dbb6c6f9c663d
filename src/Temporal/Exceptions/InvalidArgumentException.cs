using Graduate.Temporal.Grpc;

namespace Graduate.Temporal.Exceptions;

/// <summary>The server rejected the request's content.</summary>
public class InvalidArgumentException : RpcException
{
    public InvalidArgumentException(string message, Google.Rpc.Status? details = null)
        : base(StatusCode.InvalidArgument, message, details)
    {
    }
}
