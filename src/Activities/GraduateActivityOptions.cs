namespace Graduate.Activities;

/// <summary>How the activities pace themselves while they wait on a host.</summary>
public sealed record GraduateActivityOptions
{
    /// <summary>Between two looks at gates or jobs (each look is one ssh command).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Lines of job output kept in heartbeats, results and failures.</summary>
    public int LogTailLines { get; init; } = 20;

    /// <summary>How long a teardown waits for refused pushes to finish before it reports what is left.</summary>
    public TimeSpan TearDownWait { get; init; } = TimeSpan.FromSeconds(60);
}
