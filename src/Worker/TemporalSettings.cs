using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Graduate.Temporal.Client;
using Graduate.Temporal.Grpc;

namespace Graduate.Worker;

/// <summary>
/// Where Graduate finds Temporal: the same settings, with the same variable names, as the <c>temporal</c> CLI.
/// File paths are kept as paths and only read by <see cref="ToClientOptions"/>, so a bad file is reported
/// once, when a connection is actually made.
/// </summary>
public sealed record TemporalSettings
{
    public string Address { get; init; } = GraduateDefaults.TemporalAddress;

    public string Namespace { get; init; } = GraduateDefaults.Namespace;

    public string TaskQueue { get; init; } = GraduateDefaults.TaskQueue;

    public string? ApiKey { get; init; }

    /// <summary>Use TLS even without a client certificate, CA or API key (e.g. a public CA).</summary>
    public bool Tls { get; init; }

    /// <summary>PEM file of the client certificate (mTLS); needs <see cref="TlsKeyPath"/>.</summary>
    public string? TlsCertPath { get; init; }

    /// <summary>PEM file of the client certificate's private key.</summary>
    public string? TlsKeyPath { get; init; }

    /// <summary>PEM file of a CA to trust for the server's certificate.</summary>
    public string? TlsCaPath { get; init; }

    public string? TlsServerName { get; init; }

    /// <summary>
    /// Overlays the variables that are set (non-empty) on <paramref name="baseline"/> (defaults when null).
    /// </summary>
    /// <exception cref="TemporalSettingsException">TEMPORAL_TLS is not a boolean.</exception>
    public static TemporalSettings FromEnvironment(Func<string, string?> variables, TemporalSettings? baseline = null)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var settings = baseline ?? new TemporalSettings();
        string? Get(string name) => variables(name) is { Length: > 0 } value ? value.Trim() : null;
        return settings with
        {
            Address = Get(TemporalVariables.Address) ?? settings.Address,
            Namespace = Get(TemporalVariables.Namespace) ?? settings.Namespace,
            TaskQueue = Get(TemporalVariables.TaskQueue) ?? settings.TaskQueue,
            ApiKey = Get(TemporalVariables.ApiKey) ?? settings.ApiKey,
            Tls = Get(TemporalVariables.Tls) is { } tls ? ParseBool(TemporalVariables.Tls, tls) : settings.Tls,
            TlsCertPath = Get(TemporalVariables.TlsCert) ?? settings.TlsCertPath,
            TlsKeyPath = Get(TemporalVariables.TlsKey) ?? settings.TlsKeyPath,
            TlsCaPath = Get(TemporalVariables.TlsCa) ?? settings.TlsCaPath,
            TlsServerName = Get(TemporalVariables.TlsServerName) ?? settings.TlsServerName,
        };
    }

    /// <summary>Builds client options, reading the TLS files.</summary>
    /// <exception cref="TemporalSettingsException">A file is missing or not PEM, or only one of cert and key is set.</exception>
    public TemporalClientOptions ToClientOptions()
    {
        if (string.IsNullOrWhiteSpace(Address))
        {
            throw new TemporalSettingsException("The Temporal address is empty: set TEMPORAL_ADDRESS or --address to host:port.");
        }

        if ((TlsCertPath is null) != (TlsKeyPath is null))
        {
            throw new TemporalSettingsException(
                $"Only one of the client certificate ({TemporalVariables.TlsCert}, --tls-cert) and its key ({TemporalVariables.TlsKey}, --tls-key) is set: set both PEM files, or neither.");
        }

        X509Certificate2? clientCertificate = null;
        if (TlsCertPath is not null && TlsKeyPath is not null)
        {
            RequireFile(TlsCertPath, "client certificate");
            RequireFile(TlsKeyPath, "client key");
            try
            {
                clientCertificate = X509Certificate2.CreateFromPemFile(TlsCertPath, TlsKeyPath);
            }
            catch (CryptographicException e)
            {
                throw new TemporalSettingsException(
                    $"The client certificate {TlsCertPath} and key {TlsKeyPath} could not be loaded ({e.Message.TrimEnd('.')}): give PEM files of a certificate and its matching private key.", e);
            }
        }

        X509Certificate2? serverCa = null;
        if (TlsCaPath is not null)
        {
            RequireFile(TlsCaPath, "CA certificate");
            try
            {
                serverCa = X509Certificate2.CreateFromPem(File.ReadAllText(TlsCaPath));
            }
            catch (CryptographicException e)
            {
                throw new TemporalSettingsException(
                    $"The CA certificate {TlsCaPath} could not be loaded ({e.Message.TrimEnd('.')}): give a PEM file (-----BEGIN CERTIFICATE-----).", e);
            }
        }

        return new TemporalClientOptions
        {
            Namespace = Namespace,
            Connection = new GrpcConnectionOptions
            {
                Address = Address,
                Tls = Tls,
                ApiKey = ApiKey,
                ClientCertificate = clientCertificate,
                ServerCa = serverCa,
                ServerName = TlsServerName,
            },
        };
    }

    private static void RequireFile(string path, string what)
    {
        if (!File.Exists(path))
        {
            throw new TemporalSettingsException($"The TLS {what} file {path} does not exist: point the setting at an existing PEM file.");
        }
    }

    private static bool ParseBool(string name, string value) =>
        value.ToUpperInvariant() switch
        {
            "1" or "TRUE" or "YES" => true,
            "0" or "FALSE" or "NO" => false,
            _ => throw new TemporalSettingsException($"{name}={value} is not a boolean: set it to true or false."),
        };
}
