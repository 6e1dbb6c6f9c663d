namespace Graduate.Cli.Graduations;

/// <summary>The last lines a running activity reported in its heartbeat (a hook's or push's output).</summary>
/// <param name="Activity">The activity type (RunPostHook, CheckInstall, ...).</param>
/// <param name="Summary">What it works on (its job or app), when known.</param>
/// <param name="Lines">The last lines, oldest first.</param>
public sealed record ActivityOutput(string Activity, string? Summary, IReadOnlyList<string> Lines);
