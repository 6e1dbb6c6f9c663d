using System.Text.Json.Serialization;

namespace Graduate.Workflows;

/// <summary>
/// What `graduate start` (or `temporal workflow start --type Graduation -i JSON`) hands the Graduation workflow.
/// As JSON (camelCase):
/// {"source":{"name":"staging","url":"dokku@staging.example.com"},
///  "destination":{"name":"production","url":"ssh://dokku@prod.example.com:22"},
///  "apps":["portal","webservices"], "preHooks":["./check.sh"], "postHooks":["ssh dokku@$ENVIRONMENT_URL run portal rake db:migrate"],
///  "gateTimeoutSeconds":1800}
/// </summary>
/// <param name="Source">The environment apps graduate from; hooks run on it.</param>
/// <param name="Destination">The environment they graduate to.</param>
/// <param name="Apps">Apps to graduate; empty means every app on the source.</param>
/// <param name="PreHooks">Shell lines run in order on the source with bash -e before anything is staged.</param>
/// <param name="PostHooks">Shell lines run in order on the source once every app is staged, before go-live.</param>
/// <param name="GateTimeoutSeconds">How long a staged app may be held before its gate gives up on its own.</param>
/// <param name="HookTimeoutSeconds">Limit on one hook's run (optional).</param>
/// <param name="DeployTimeoutSeconds">Limit on one app's push until staged, and on go-live and rollback (optional).</param>
/// <param name="Approval">Hold every app staged after the POST hooks until the <c>approve</c> update (or signal).</param>
/// <param name="ApprovalTimeoutSeconds">How long to wait for the approval before tearing down; added to the gates' timeout.</param>
/// <param name="AllowConfigDrift">Graduate even when config keys set on the source are missing on the destination (left out of the JSON when false).</param>
/// <param name="EnvironmentSpecificConfig">Config keys that belong to the destination alone: never drift (left out of the JSON when null).</param>
/// <param name="RollbackTo">
/// Makes this run a rollback: the destination's state tag (<c>production/20261129120000</c>, in the source's state
/// repository) whose manifest names each app's release; those releases are staged and go live together exactly as in a
/// graduation, the hooks see <c>GRADUATE_ROLLBACK=1</c> and <c>GRADUATE_ROLLBACK_TO</c>, and the new tag's manifest says
/// <c>"rollbackTo"</c>. Left out of the JSON when null (a graduation).
/// </param>
public sealed record GraduationInput(
    EnvironmentRef Source,
    EnvironmentRef Destination,
    IReadOnlyList<string>? Apps = null,
    IReadOnlyList<string>? PreHooks = null,
    IReadOnlyList<string>? PostHooks = null,
    int GateTimeoutSeconds = 1800,
    int HookTimeoutSeconds = 3600,
    int DeployTimeoutSeconds = 1800,
    bool Approval = false,
    int ApprovalTimeoutSeconds = 1800,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool AllowConfigDrift = false,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? EnvironmentSpecificConfig = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RollbackTo = null)
{
    /// <summary>The longest approval wait accepted (a week): staged apps should not be held on a gate for longer.</summary>
    public const int LongestApprovalTimeoutSeconds = 7 * 24 * 3600;

    /// <summary>Whether this run rolls the destination back to <see cref="RollbackTo"/> instead of graduating.</summary>
    [JsonIgnore]
    public bool IsRollback => RollbackTo is not null;

    /// <summary>
    /// The timeout the gates are armed with: a gate counts from the moment its app is staged, and it must hold the app
    /// through the POST hooks and, when approval is required, the whole approval wait.
    /// </summary>
    [JsonIgnore]
    public int EffectiveGateTimeoutSeconds =>
        Approval ? (int)Math.Min(int.MaxValue, (long)GateTimeoutSeconds + ApprovalTimeoutSeconds) : GateTimeoutSeconds;
}

/// <summary>An environment by name and its Dokku host URL (`dokku@host`, `ssh://user@host[:port]` or `local://PATH`).</summary>
public sealed record EnvironmentRef(string Name, string Url);
