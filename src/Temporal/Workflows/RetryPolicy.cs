namespace Graduate.Temporal.Workflows;

/// <summary>How an activity is retried. Attempts include the first; 0 means unlimited.</summary>
public sealed record RetryPolicy
{
    /// <summary>Delay before the first retry.</summary>
    public TimeSpan InitialInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Growth factor of the delay per attempt.</summary>
    public double BackoffCoefficient { get; init; } = 2.0;

    /// <summary>Cap on the delay (server default: 100 x initial).</summary>
    public TimeSpan? MaximumInterval { get; init; }

    /// <summary>Attempts in all, the first included; 0 means unlimited.</summary>
    public int MaximumAttempts { get; init; }

    /// <summary>Application failure types that are never retried.</summary>
    public IReadOnlyList<string> NonRetryableErrorTypes { get; init; } = [];

    internal Temporalio.Api.Common.V1.RetryPolicy ToProto()
    {
        var proto = new Temporalio.Api.Common.V1.RetryPolicy
        {
            InitialInterval = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(InitialInterval),
            BackoffCoefficient = BackoffCoefficient,
            MaximumAttempts = MaximumAttempts,
        };
        if (MaximumInterval is { } max)
        {
            proto.MaximumInterval = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(max);
        }

        proto.NonRetryableErrorTypes.AddRange(NonRetryableErrorTypes);
        return proto;
    }
}
