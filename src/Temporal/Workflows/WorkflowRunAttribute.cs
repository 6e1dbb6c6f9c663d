namespace Graduate.Temporal.Workflows;

/// <summary>Marks the workflow's entry point: an async method whose parameters are the workflow input.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class WorkflowRunAttribute : Attribute
{
}
