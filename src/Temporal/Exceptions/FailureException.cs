using Temporalio.Api.Failure.V1;

namespace Graduate.Temporal.Exceptions;

/// <summary>
/// An exception that travels through Temporal as a <see cref="Failure"/>: thrown by workflow or activity
/// code, or rebuilt from a failure the server handed back.
/// </summary>
public abstract class FailureException : TemporalException
{
    protected FailureException(string message, Exception? inner)
        : base(message, inner)
    {
    }

    /// <summary>The failure this exception was decoded from, if it came from the server.</summary>
    public Failure? Failure { get; internal set; }

    /// <summary>The stack trace recorded where the failure was raised (possibly another process).</summary>
    public string? RemoteStackTrace { get; internal set; }
}
