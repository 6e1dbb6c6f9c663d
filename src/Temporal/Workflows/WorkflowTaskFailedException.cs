using Graduate.Temporal.Exceptions;

namespace Graduate.Temporal.Workflows;

/// <summary>
/// Workflow code threw something that is not a Temporal failure (a bug, most likely): the workflow task is
/// failed and retried by the server, and the workflow keeps running once the code is fixed.
/// </summary>
public sealed class WorkflowTaskFailedException : TemporalException
{
    public WorkflowTaskFailedException(string message, Exception inner)
        : base($"{message}: {inner.Message}", inner)
    {
    }
}
