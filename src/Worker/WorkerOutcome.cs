namespace Graduate.Worker;

/// <summary>How the worker host ended; set by <see cref="GraduateWorkerService"/>, read after the host stops.</summary>
public sealed class WorkerOutcome
{
    public WorkerStopReason Reason { get; set; } = WorkerStopReason.Stopped;

    /// <summary>A sentence saying what to do, when <see cref="Reason"/> is not <see cref="WorkerStopReason.Stopped"/>.</summary>
    public string? Message { get; set; }
}
