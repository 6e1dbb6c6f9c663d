using Graduate.Temporal.Grpc;

namespace Graduate.Temporal.Client;

/// <summary>Where the client connects and as whom.</summary>
public sealed record TemporalClientOptions
{
    /// <summary>Frontend address, TLS and credentials.</summary>
    public required GrpcConnectionOptions Connection { get; init; }

    /// <summary>The namespace every call addresses.</summary>
    public string Namespace { get; init; } = "default";

    /// <summary>Identity recorded in history for calls and polls (defaults to pid@host).</summary>
    public string Identity { get; init; } = $"{Environment.ProcessId}@{Environment.MachineName}";
}
