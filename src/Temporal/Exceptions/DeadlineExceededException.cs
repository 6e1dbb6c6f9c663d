using Graduate.Temporal.Grpc;

namespace Graduate.Temporal.Exceptions;

/// <summary>The call did not finish within its deadline.</summary>
public sealed class DeadlineExceededException : RpcException
{
    public DeadlineExceededException(string message, Google.Rpc.Status? details = null, Exception? inner = null)
        : base(StatusCode.DeadlineExceeded, message, details, inner)
    {
    }
}
