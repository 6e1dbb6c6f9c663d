namespace Graduate.Dokku.Exceptions;

/// <summary>
/// ssh refused the host's key. Never transient and never to be worked around
/// automatically: a changed key may mean someone is in the middle.
/// </summary>
public sealed class DokkuHostKeyException : DokkuTransportException
{
    public DokkuHostKeyException()
    {
    }

    public DokkuHostKeyException(string message)
        : base(message)
    {
    }

    public DokkuHostKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DokkuHostKeyException(string message, string target, string command, string standardError, HostKeyProblem problem)
        : base(message, target, command, standardError, isTransient: false)
    {
        Problem = problem;
    }

    public HostKeyProblem Problem { get; }
}
