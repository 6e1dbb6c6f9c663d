using Graduate.Activities;
using Graduate.Workflows;

namespace Graduate.Worker;

/// <summary>What one worker runs: workflow classes and activity classes (each with its <c>[Activity]</c> methods).</summary>
/// <param name="Workflows">Workflow classes (marked <c>[Workflow]</c>).</param>
/// <param name="Activities">Activity classes, made by the host's services for each activity call.</param>
public sealed record WorkerRegistration(IReadOnlyList<Type> Workflows, IReadOnlyList<Type> Activities)
{
    /// <summary>The Graduation worker: the one place that says what it runs (the worker executable, <c>graduate worker</c> and the demo share it).</summary>
    public static WorkerRegistration Graduate { get; } = new([typeof(GraduationWorkflow)], GraduateActivities.Types);
}
