using System.Security.Cryptography.X509Certificates;

namespace Graduate.Temporal.Grpc;

/// <summary>How to reach a Temporal frontend: address, TLS and credentials.</summary>
public sealed record GrpcConnectionOptions
{
    /// <summary>host:port of the frontend, e.g. <c>localhost:7233</c>.</summary>
    public required string Address { get; init; }

    /// <summary>Use TLS. Implied by <see cref="ClientCertificate"/>, <see cref="ServerCa"/> or <see cref="ApiKey"/>.</summary>
    public bool Tls { get; init; }

    /// <summary>Client certificate with its private key, for mTLS.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>A CA to trust for the server's certificate instead of the system store.</summary>
    public X509Certificate2? ServerCa { get; init; }

    /// <summary>Overrides the TLS server name (SNI and certificate name check).</summary>
    public string? ServerName { get; init; }

    /// <summary>Temporal Cloud API key, sent as <c>authorization: Bearer</c>.</summary>
    public string? ApiKey { get; init; }

    /// <summary>How many times an idempotent call is retried on UNAVAILABLE.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>First retry delay; doubles each attempt, with jitter.</summary>
    public TimeSpan InitialRetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    internal bool UsesTls => Tls || ClientCertificate is not null || ServerCa is not null || ApiKey is not null;
}
