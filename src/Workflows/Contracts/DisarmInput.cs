namespace Graduate.Workflows.Contracts;

/// <summary>
/// Input of <see cref="ActivityNames.Disarm"/>: remove what is left of the armings after a graduation. Apps whose push
/// job still runs on <paramref name="Source"/> keep their (aborted) arming, so their deploy is refused when it arrives.
/// </summary>
public sealed record DisarmInput(string GraduationId, EnvironmentRef Source, EnvironmentRef Destination, IReadOnlyList<string> Apps);
