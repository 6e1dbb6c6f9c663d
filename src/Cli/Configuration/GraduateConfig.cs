namespace Graduate.Cli.Configuration;

/// <summary>The contents of graduate.yml: environments in file order, PRE and POST hooks in run order, Temporal settings.</summary>
public sealed record GraduateConfig
{
    public IReadOnlyList<EnvironmentEntry> Environments { get; init; } = [];

    public IReadOnlyList<string> PreHooks { get; init; } = [];

    public IReadOnlyList<string> PostHooks { get; init; } = [];

    public TemporalSection Temporal { get; init; } = new();

    /// <summary>The environment named <paramref name="name"/>, or null.</summary>
    public EnvironmentEntry? FindEnvironment(string name) =>
        Environments.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.Ordinal));

    public IReadOnlyList<string> Hooks(HookKind kind) => kind == HookKind.Pre ? PreHooks : PostHooks;

    public GraduateConfig WithHooks(HookKind kind, IReadOnlyList<string> hooks) =>
        kind == HookKind.Pre ? this with { PreHooks = hooks } : this with { PostHooks = hooks };
}
