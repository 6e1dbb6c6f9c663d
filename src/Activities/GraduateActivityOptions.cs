namespace Graduate.Activities;

/// <summary>How the activities pace themselves while they wait on a host.</summary>
public sealed record GraduateActivityOptions
{
    /// <summary>
    /// Between two looks at gates or jobs where the activity asks again and again (each look is one ssh command): hooks
    /// being torn down, rollbacks, and a plugin too old to wait on the host itself.
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long one waiting command (<c>graduate:jobs</c>/<c>graduate:gates --wait</c>) may wait on a host for a change
    /// before it is sent again; a change is answered at once whatever this is.
    /// </summary>
    public TimeSpan HostWait { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How often a running job's new log lines are fetched for the heartbeat (what <c>graduate status</c> and the live view
    /// show). The SDK sends heartbeat details to the server at most every 80% of the heartbeat timeout (12 s for the
    /// workflow's 15 s), so fetching more often would not show, and would cost the source a command each time.
    /// </summary>
    public TimeSpan LogInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Lines of job output kept in heartbeats, results and failures.</summary>
    public int LogTailLines { get; init; } = 20;

    /// <summary>How long a teardown waits for refused pushes to finish before it reports what is left.</summary>
    public TimeSpan TearDownWait { get; init; } = TimeSpan.FromSeconds(60);
}
