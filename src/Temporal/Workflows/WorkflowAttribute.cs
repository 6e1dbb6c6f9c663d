namespace Graduate.Temporal.Workflows;

/// <summary>Marks a class as a workflow definition; the name is the workflow type (default: the class name).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class WorkflowAttribute(string? name = null) : Attribute
{
    /// <summary>The workflow type name, as clients start it.</summary>
    public string? Name { get; } = name;
}
