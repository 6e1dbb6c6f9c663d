using Graduate.Temporal.Activities;
using Graduate.Temporal.Worker;

namespace Graduate.TestWorker;

/// <summary>The worker setup shared by the in-process tests and this executable.</summary>
public static class SampleWorker
{
    public static IReadOnlyList<Type> Workflows { get; } =
    [
        typeof(SampleWorkflow), typeof(FailingActivityWorkflow), typeof(TimeoutActivityWorkflow), typeof(RetryWorkflow),
        typeof(KillableWorkflow), typeof(BugWorkflow), typeof(ChainWorkflow), typeof(CancelActivityWorkflow), typeof(AbandonedWorkflow),
    ];

    public static TemporalWorkerOptions Options(string taskQueue, string markerDir) => new()
    {
        TaskQueue = taskQueue,
        Workflows = Workflows,
        Activities = ActivityDefinition.FromInstance(new SampleActivities(markerDir)),
    };
}
