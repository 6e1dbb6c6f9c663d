namespace Graduate.Dokku.Transport;

/// <summary>Settings for a transport; the ssh-only ones are ignored by <see cref="LocalTransport"/>.</summary>
public sealed record TransportOptions
{
    /// <summary>The ssh client to run; "ssh" means the one on PATH.</summary>
    public string SshExecutable { get; init; } = DokkuDefaults.SshExecutable;

    public TimeSpan ConnectTimeout { get; init; } = DokkuDefaults.ConnectTimeout;

    public TimeSpan ServerAliveInterval { get; init; } = DokkuDefaults.ServerAliveInterval;

    public int ServerAliveCountMax { get; init; } = DokkuDefaults.ServerAliveCountMax;

    /// <summary>
    /// Use <c>StrictHostKeyChecking=accept-new</c> instead of <c>yes</c>: trust a host seen
    /// for the first time. Only for explicitly adding an environment; a changed key is
    /// refused either way.
    /// </summary>
    public bool AcceptNewHostKey { get; init; }

    /// <summary>Extra ssh arguments placed before the destination (e.g. <c>-F config</c>, <c>-i key</c>).</summary>
    public IReadOnlyList<string> ExtraSshArguments { get; init; } = [];

    /// <summary>
    /// Extra environment for the local:// entry point (ignored by ssh, where the host's own
    /// environment applies), e.g. git settings a simulated host needs when run by another user.
    /// </summary>
    public IReadOnlyDictionary<string, string> LocalEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Shares one ssh connection per host between commands (see <see cref="SshConnectionSharing"/>): the process-wide
    /// <see cref="SshConnectionSharing.Shared"/> unless set; null makes every command connect on its own.
    /// </summary>
    public SshConnectionSharing? ConnectionSharing { get; init; } = SshConnectionSharing.Shared;

    /// <summary>Default limit for one command; <see cref="Timeout.InfiniteTimeSpan"/> for none.</summary>
    public TimeSpan CommandTimeout { get; init; } = DokkuDefaults.CommandTimeout;
}
