using Temporalio.Api.History.V1;

namespace Graduate.Temporal.Workflows;

/// <summary>
/// Replays a recorded history through workflow code, as a worker does on every task: use it to check that a
/// code change is still compatible with histories of running (or recorded) workflows.
/// </summary>
public static class WorkflowReplayer
{
    /// <summary>Replays every completed workflow task of <paramref name="history"/>.</summary>
    /// <exception cref="Exceptions.NonDeterminismException">The code issues commands the history does not have, or vice versa.</exception>
    /// <exception cref="WorkflowTaskFailedException">The code throws on the way.</exception>
    public static void Replay(Type workflow, History history, string workflowId = "replay", string runId = "replay")
    {
        using var instance = new WorkflowInstance(WorkflowDefinition.Create(workflow), workflowId, runId, "replay");
        instance.Replay(history.Events, 0);
    }
}
