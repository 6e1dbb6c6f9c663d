using Graduate.Temporal.Grpc;

namespace Graduate.Temporal.Exceptions;

/// <summary>The thing to create exists already.</summary>
public class AlreadyExistsException : RpcException
{
    public AlreadyExistsException(string message, Google.Rpc.Status? details = null)
        : base(StatusCode.AlreadyExists, message, details)
    {
    }
}
