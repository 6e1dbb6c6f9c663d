namespace Graduate.Temporal.Activities;

/// <summary>Marks a method as an activity; the name is what workflows schedule (default: the method name without "Async").</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class ActivityAttribute(string? name = null) : Attribute
{
    /// <summary>The activity type name.</summary>
    public string? Name { get; } = name;
}
