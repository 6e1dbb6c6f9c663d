namespace Graduate.Dokku.Exceptions;

/// <summary>Root of every error the Dokku client raises, so callers can catch one type.</summary>
public class DokkuException : Exception
{
    public DokkuException()
    {
    }

    public DokkuException(string message)
        : base(message)
    {
    }

    public DokkuException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
