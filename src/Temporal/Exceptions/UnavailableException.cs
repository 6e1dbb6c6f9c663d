using Graduate.Temporal.Grpc;

namespace Graduate.Temporal.Exceptions;

/// <summary>The server could not be reached or is not serving; safe to retry.</summary>
public sealed class UnavailableException : RpcException
{
    public UnavailableException(string message, Google.Rpc.Status? details = null, Exception? inner = null)
        : base(StatusCode.Unavailable, message, details, inner)
    {
    }
}
