namespace Graduate.Workflows.Contracts;

/// <summary>
/// Input of <see cref="ActivityNames.TagEnvironment"/>: tag <c>&lt;DestinationName&gt;/&lt;Timestamp&gt;</c> in the source's
/// state repository with the manifest as its message. <paramref name="Timestamp"/> (<c>yyyyMMddHHmmss</c>) comes from the workflow.
/// </summary>
public sealed record TagEnvironmentInput(EnvironmentRef Source, string DestinationName, string Timestamp, IReadOnlyList<AppPlan> Apps);
