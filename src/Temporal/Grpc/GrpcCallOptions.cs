namespace Graduate.Temporal.Grpc;

/// <summary>Per-call settings for a unary gRPC call.</summary>
/// <param name="Timeout">Deadline for the call, sent as <c>grpc-timeout</c> and enforced locally.</param>
/// <param name="Idempotent">Whether UNAVAILABLE may be retried with backoff.</param>
internal readonly record struct GrpcCallOptions(TimeSpan Timeout, bool Idempotent = true);
