namespace Graduate.Workflows;

/// <summary>Workflow ids: one graduation per destination at a time.</summary>
public static class GraduationWorkflowIds
{
    /// <summary>The Graduation workflow's type name.</summary>
    public const string WorkflowType = "Graduation";

    /// <summary><c>graduate-&lt;destination&gt;</c>.</summary>
    public static string For(string destination) => "graduate-" + destination;
}
