namespace Graduate.Temporal.Exceptions;

/// <summary>A workflow with this id is already running; <see cref="RunId"/> names the running one.</summary>
public sealed class WorkflowAlreadyStartedException : AlreadyExistsException
{
    public WorkflowAlreadyStartedException(string message, string runId, Google.Rpc.Status? details = null)
        : base(message, details)
    {
        RunId = runId;
    }

    /// <summary>Run id of the execution that is already running.</summary>
    public string RunId { get; } = string.Empty;
}
