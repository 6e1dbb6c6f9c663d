using System.Text.Json.Serialization;

namespace Graduate.Workflows.Contracts;

/// <summary>
/// Input of <see cref="ActivityNames.PushApp"/>: start the push of <paramref name="Sha"/> of <paramref name="App"/> from the source.
/// <paramref name="Force"/> (a rollback: the release is older than the destination's) is left out of the payload when false;
/// <paramref name="Branch"/>, the destination's deploy branch, when unknown (the push then asks the destination).
/// </summary>
public sealed record PushAppInput(
    string GraduationId,
    EnvironmentRef Source,
    EnvironmentRef Destination,
    string App,
    string Sha,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Force = false,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Branch = null);
