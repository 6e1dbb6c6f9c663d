using Temporalio.Api.Enums.V1;

namespace Graduate.Temporal.Client;

/// <summary>Options for starting a workflow execution.</summary>
public sealed record StartWorkflowOptions
{
    /// <summary>The workflow id (business key); one open execution per id.</summary>
    public required string Id { get; init; }

    /// <summary>The task queue the workflow's worker polls.</summary>
    public required string TaskQueue { get; init; }

    /// <summary>What to do when a closed execution with this id exists.</summary>
    public WorkflowIdReusePolicy IdReusePolicy { get; init; } = WorkflowIdReusePolicy.AllowDuplicate;

    /// <summary>What to do when a running execution with this id exists (FAIL: refuse).</summary>
    public WorkflowIdConflictPolicy IdConflictPolicy { get; init; } = WorkflowIdConflictPolicy.Fail;

    /// <summary>Memo: non-indexed values shown with the execution.</summary>
    public IReadOnlyDictionary<string, object?>? Memo { get; init; }

    /// <summary>Search attributes (must be registered on the namespace).</summary>
    public IReadOnlyDictionary<string, object?>? SearchAttributes { get; init; }

    /// <summary>Limit on the whole chain of runs.</summary>
    public TimeSpan? ExecutionTimeout { get; init; }

    /// <summary>Limit on one run.</summary>
    public TimeSpan? RunTimeout { get; init; }

    /// <summary>Limit on one workflow task (default 10 s on the server).</summary>
    public TimeSpan? TaskTimeout { get; init; }

    /// <summary>Dedup key for retried start calls; random when unset.</summary>
    public string? RequestId { get; init; }
}
