namespace Graduate.Dokku.Exceptions;

/// <summary>The host refused our key; retrying will not help until a key is added.</summary>
public sealed class DokkuAuthenticationException : DokkuTransportException
{
    public DokkuAuthenticationException()
    {
    }

    public DokkuAuthenticationException(string message)
        : base(message)
    {
    }

    public DokkuAuthenticationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DokkuAuthenticationException(string message, string target, string command, string standardError)
        : base(message, target, command, standardError, isTransient: false)
    {
    }
}
