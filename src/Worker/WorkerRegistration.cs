using Graduate.Temporal.Activities;

namespace Graduate.Worker;

/// <summary>What one worker runs: workflow classes and activities resolved from the host's services.</summary>
/// <param name="Workflows">Workflow classes (marked [Workflow]).</param>
/// <param name="Activities">The activities, resolved once the host's services are built.</param>
public sealed record WorkerRegistration(IReadOnlyList<Type> Workflows, Func<IServiceProvider, IEnumerable<ActivityDefinition>> Activities)
{
    /// <summary>The Graduation worker, as <see cref="GraduateWorkerRegistrations"/> lists it.</summary>
    public static WorkerRegistration Graduate { get; } = new(GraduateWorkerRegistrations.Workflows, GraduateWorkerRegistrations.Activities);
}
