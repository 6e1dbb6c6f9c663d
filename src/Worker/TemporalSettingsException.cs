namespace Graduate.Worker;

/// <summary>The Temporal connection settings cannot be used as given (a missing or unreadable TLS file, a bad value).</summary>
public sealed class TemporalSettingsException : Exception
{
    public TemporalSettingsException()
    {
    }

    public TemporalSettingsException(string message)
        : base(message)
    {
    }

    public TemporalSettingsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
