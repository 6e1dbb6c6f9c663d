namespace Graduate.Demo;

/// <summary>What a demo run reports (its <c>--json</c> line).</summary>
/// <param name="Outcome"><c>completed</c>, <c>failed</c> or <c>canceled</c>.</param>
/// <param name="GraduationId">The graduation's id on the hosts (<c>&lt;workflowId&gt;.&lt;runId&gt;</c>).</param>
/// <param name="Apps">Each app's live version on production before and after.</param>
/// <param name="Requests">Requests sent to production's public URLs during the graduation.</param>
/// <param name="FailedRequests">How many of them failed.</param>
/// <param name="WorkflowId">The Graduation workflow's id.</param>
/// <param name="WebUi">The workflow's page in the Temporal Web UI.</param>
/// <param name="Seconds">From the command to this result.</param>
public sealed record DemoResult(
    string Outcome,
    string GraduationId,
    IReadOnlyList<DemoAppResult> Apps,
    int Requests,
    int FailedRequests,
    string WorkflowId,
    string WebUi,
    double Seconds);
