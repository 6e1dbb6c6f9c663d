namespace Graduate.Temporal.Exceptions;

/// <summary>Root of every exception this runtime throws.</summary>
public class TemporalException : Exception
{
    public TemporalException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
