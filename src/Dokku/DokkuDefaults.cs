namespace Graduate.Dokku;

/// <summary>Every default of the Dokku client in one place (pinned by one test).</summary>
public static class DokkuDefaults
{
    /// <summary>How long ssh may take to establish the TCP connection and handshake.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Keepalive probes let ssh notice a dead peer during long silent commands.</summary>
    public static readonly TimeSpan ServerAliveInterval = TimeSpan.FromSeconds(15);

    /// <summary>Unanswered keepalives before ssh gives up (so about 45 s of silence).</summary>
    public const int ServerAliveCountMax = 3;

    /// <summary>
    /// Longest a single remote command may run. Graduate's commands return quickly (pushes
    /// and hooks run detached on the host), so a long wait means something is stuck.
    /// </summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// After the process exits, how long to keep draining its pipes: a stray grandchild may
    /// hold them open, and waiting for it forever would hang the caller.
    /// </summary>
    public static readonly TimeSpan OutputDrainTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a shared ssh connection stays up after its last command (ssh's ControlPersist): long enough to carry a
    /// graduation's polling and the next graduation soon after, short enough that idle hosts are let go.
    /// </summary>
    public static readonly TimeSpan ControlPersist = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a shared connection's master may take to greet before it counts as hung and the command connects on
    /// its own (a live master answers in well under a millisecond).
    /// </summary>
    public static readonly TimeSpan ControlMasterProbeTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The OpenSSH client, looked up on PATH.</summary>
    public const string SshExecutable = "ssh";
}
