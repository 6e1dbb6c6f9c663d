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
public sealed record GraduationInput(
    EnvironmentRef Source,
    EnvironmentRef Destination,
    IReadOnlyList<string>? Apps = null,
    IReadOnlyList<string>? PreHooks = null,
    IReadOnlyList<string>? PostHooks = null,
    int GateTimeoutSeconds = 1800,
    int HookTimeoutSeconds = 3600,
    int DeployTimeoutSeconds = 1800);

/// <summary>An environment by name and its Dokku host URL (`dokku@host`, `ssh://user@host[:port]` or `local://PATH`).</summary>
public sealed record EnvironmentRef(string Name, string Url);
