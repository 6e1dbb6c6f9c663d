namespace Graduate.Dokku.Transport;

/// <summary>
/// Runs one Dokku command on one host. Implementations: <see cref="SshTransport"/> (the
/// system OpenSSH client) and <see cref="LocalTransport"/> (a simulated host's
/// <c>bin/dokku-ssh</c>, same command line, no sshd).
/// </summary>
public interface IDokkuTransport
{
    /// <summary>Where commands go, for messages (e.g. "dokku@staging:22").</summary>
    string Target { get; }

    /// <summary>
    /// Runs the command and returns its exit code and output; a non-zero exit is not an
    /// exception here. Throws <see cref="Exceptions.DokkuTransportException"/> (or a
    /// subclass) when the command could not be run at all,
    /// <see cref="Exceptions.DokkuTimeoutException"/> when it ran too long, and
    /// <see cref="OperationCanceledException"/> on cancellation; in the last two cases the
    /// process tree is killed first.
    /// </summary>
    Task<CommandResult> ExecuteAsync(RemoteCommand command, CommandOptions? options, CancellationToken cancellationToken);
}
