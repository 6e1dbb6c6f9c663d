namespace Graduate.Dokku.Exceptions;

/// <summary>
/// The host answered with output we cannot read (bad JSON, unexpected shape): usually a
/// plugin or Dokku version we do not support.
/// </summary>
public sealed class DokkuProtocolException : DokkuException
{
    public DokkuProtocolException()
    {
    }

    public DokkuProtocolException(string message)
        : base(message)
    {
    }

    public DokkuProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
