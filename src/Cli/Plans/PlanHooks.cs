namespace Graduate.Cli.Plans;

/// <summary>The PRE and POST hooks from graduate.yml, in the order they run.</summary>
public sealed record PlanHooks(IReadOnlyList<string> Pre, IReadOnlyList<string> Post);
