namespace Graduate.Worker;

/// <summary>The environment variables the <c>temporal</c> CLI reads, plus Graduate's own task queue.</summary>
public static class TemporalVariables
{
    public const string Address = "TEMPORAL_ADDRESS";
    public const string Namespace = "TEMPORAL_NAMESPACE";
    public const string ApiKey = "TEMPORAL_API_KEY";
    public const string Tls = "TEMPORAL_TLS";
    public const string TlsCert = "TEMPORAL_TLS_CERT";
    public const string TlsKey = "TEMPORAL_TLS_KEY";
    public const string TlsCa = "TEMPORAL_TLS_CA";
    public const string TlsServerName = "TEMPORAL_TLS_SERVER_NAME";
    public const string TaskQueue = "GRADUATE_TASK_QUEUE";
}
