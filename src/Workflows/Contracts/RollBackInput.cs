namespace Graduate.Workflows.Contracts;

/// <summary>Input of <see cref="ActivityNames.RollBack"/>: force-push each app's previous sha from the source.</summary>
public sealed record RollBackInput(string GraduationId, EnvironmentRef Source, EnvironmentRef Destination, IReadOnlyList<AppPlan> Apps);
