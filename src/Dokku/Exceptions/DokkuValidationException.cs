namespace Graduate.Dokku.Exceptions;

/// <summary>
/// A name or value was refused before anything was sent to a host. Raised by
/// <see cref="DokkuNames"/>; the message says which rule was broken.
/// </summary>
public sealed class DokkuValidationException : DokkuException
{
    public DokkuValidationException()
    {
    }

    public DokkuValidationException(string message)
        : base(message)
    {
    }

    public DokkuValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DokkuValidationException(string kind, string? value, string message)
        : base(message)
    {
        Kind = kind;
        Value = value;
    }

    /// <summary>What the value was meant to be, e.g. "app name".</summary>
    public string Kind { get; } = "";

    /// <summary>The refused value, as given.</summary>
    public string? Value { get; }
}
