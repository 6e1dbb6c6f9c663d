namespace Graduate.Workflows;

/// <summary>How a graduation ended (<see cref="GraduationResult.Outcome"/>).</summary>
public static class GraduationOutcome
{
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Canceled = "canceled";
}
