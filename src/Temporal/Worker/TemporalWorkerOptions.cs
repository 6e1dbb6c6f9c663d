using Graduate.Temporal.Activities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Graduate.Temporal.Worker;

/// <summary>What a worker polls for and runs.</summary>
public sealed record TemporalWorkerOptions
{
    /// <summary>The task queue to poll.</summary>
    public required string TaskQueue { get; init; }

    /// <summary>Workflow classes (marked [Workflow]).</summary>
    public IReadOnlyList<Type> Workflows { get; init; } = [];

    /// <summary>Activities, e.g. from <see cref="ActivityDefinition.FromInstance"/>.</summary>
    public IReadOnlyList<ActivityDefinition> Activities { get; init; } = [];

    /// <summary>Concurrent workflow task polls (each also runs the task it gets).</summary>
    public int WorkflowPollers { get; init; } = 2;

    /// <summary>Concurrent activity task polls.</summary>
    public int ActivityPollers { get; init; } = 2;

    /// <summary>Activities running at once on this worker.</summary>
    public int MaxConcurrentActivities { get; init; } = 100;

    /// <summary>On shutdown, how long running activities may finish before their tokens fire.</summary>
    public TimeSpan GracefulShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Where the worker reports what it does.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;
}
