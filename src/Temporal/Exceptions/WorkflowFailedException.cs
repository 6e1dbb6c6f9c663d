using Temporalio.Api.Enums.V1;

namespace Graduate.Temporal.Exceptions;

/// <summary>
/// Thrown by the client when a workflow it waited on closed without completing (failed, canceled,
/// terminated or timed out). <see cref="Exception.InnerException"/> is the decoded failure.
/// </summary>
public sealed class WorkflowFailedException : TemporalException
{
    public WorkflowFailedException(string message, WorkflowExecutionStatus status, Exception? inner)
        : base(message, inner)
    {
        Status = status;
    }

    /// <summary>How the workflow closed.</summary>
    public WorkflowExecutionStatus Status { get; }
}
