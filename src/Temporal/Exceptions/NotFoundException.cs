using Graduate.Temporal.Grpc;

namespace Graduate.Temporal.Exceptions;

/// <summary>The thing asked for (workflow, namespace, activity task) does not exist.</summary>
public class NotFoundException : RpcException
{
    public NotFoundException(string message, Google.Rpc.Status? details = null)
        : base(StatusCode.NotFound, message, details)
    {
    }
}
