namespace Graduate.Worker;

/// <summary>
/// The environment variables Graduate reads about Temporal: the <c>temporal</c> CLI's own (read for us by the SDK's
/// <c>ClientEnvConfig</c>, so both tools agree), plus Graduate's task queue.
/// </summary>
public static class TemporalVariables
{
    public const string Address = "TEMPORAL_ADDRESS";
    public const string Namespace = "TEMPORAL_NAMESPACE";
    public const string ApiKey = "TEMPORAL_API_KEY";
    public const string Tls = "TEMPORAL_TLS";
    public const string TlsCertPath = "TEMPORAL_TLS_CLIENT_CERT_PATH";
    public const string TlsKeyPath = "TEMPORAL_TLS_CLIENT_KEY_PATH";
    public const string TlsCaPath = "TEMPORAL_TLS_SERVER_CA_CERT_PATH";
    public const string TlsServerName = "TEMPORAL_TLS_SERVER_NAME";
    public const string Profile = "TEMPORAL_PROFILE";
    public const string ConfigFile = "TEMPORAL_CONFIG_FILE";
    public const string TaskQueue = "GRADUATE_TASK_QUEUE";

    /// <summary>Every variable the SDK's environment configuration reads starts with this.</summary>
    public const string Prefix = "TEMPORAL_";
}
