namespace Graduate.Worker;

/// <summary>Why the worker host stopped, so its entry points can turn it into an exit code.</summary>
public enum WorkerStopReason
{
    /// <summary>Asked to stop (Ctrl+C, SIGTERM): a normal end.</summary>
    Stopped,

    /// <summary>Nothing is registered in <see cref="GraduateWorkerRegistrations"/>.</summary>
    NothingRegistered,

    /// <summary>The Temporal settings cannot be used (see the logged sentence).</summary>
    BadSettings,
}
