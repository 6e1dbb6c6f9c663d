namespace Graduate.Temporal.Workflows;

/// <summary>Marks a query handler: a method or property that reads state and must not change it.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Property, Inherited = false)]
public sealed class WorkflowQueryAttribute(string? name = null) : Attribute
{
    /// <summary>The query name (default: the member name).</summary>
    public string? Name { get; } = name;
}
