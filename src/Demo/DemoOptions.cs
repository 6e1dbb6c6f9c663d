using Temporalio.Client;

namespace Graduate.Demo;

/// <summary>Shows a running graduation until it ends (the CLI passes its live watcher).</summary>
public delegate Task FollowGraduationAsync(ITemporalClient client, string workflowId, CancellationToken ct);

/// <summary>How to run the demo.</summary>
/// <param name="Fail">The step to make fail, or <see cref="DemoFailure.None"/>.</param>
/// <param name="Json">End with one JSON line (<see cref="DemoResult"/>).</param>
/// <param name="Out">Where progress and the result go.</param>
/// <param name="Variables">Environment variables (XDG_DATA_HOME, HOME, TEMPORAL_CLI, PATH).</param>
/// <param name="Follow">Shows the graduation's live progress; returns when it ended.</param>
public sealed record DemoOptions(DemoFailure Fail, bool Json, TextWriter Out, Func<string, string?> Variables, FollowGraduationAsync Follow);
