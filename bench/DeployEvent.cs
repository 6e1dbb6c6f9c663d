namespace Graduate.Bench;

/// <summary>One line of a simulated host's <c>run/deploy.log</c>: when, which app, which step, and its detail (plugin, sha, container).</summary>
internal sealed record DeployEvent(DateTimeOffset At, string App, string Step, string Detail);
