namespace Graduate.Temporal.Workflows;

/// <summary>Marks a signal handler (void or Task); its parameters are the signal's input.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class WorkflowSignalAttribute(string? name = null) : Attribute
{
    /// <summary>The signal name (default: the method name).</summary>
    public string? Name { get; } = name;
}
