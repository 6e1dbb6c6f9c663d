using Graduate.Workflows;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Graduate.Cli.Tests;

/// <summary>
/// Stands in for the real Graduation workflow with the same names (type, <c>status</c> query,
/// <c>cancel</c> signal): it reports "staging" until signalled, then completes; the reason "fail" fails the
/// execution, and "soft-fail" completes it with a failed outcome, as the real workflow reports a failed graduation.
/// </summary>
[Workflow("Graduation")]
public sealed class StubGraduationWorkflow
{
    private string phase = "staging";
    private string? cancelReason;

    [WorkflowRun]
    public async Task<StubResult> RunAsync(GraduationInput input)
    {
        await Workflow.WaitConditionAsync(() => cancelReason is not null);
        if (cancelReason == "fail")
        {
            throw new ApplicationFailureException("POST hook 1 failed: exit 3", "HookFailed", nonRetryable: true);
        }

        phase = "done";
        return cancelReason == "soft-fail"
            ? new StubResult(input.Destination.Name, cancelReason, "failed", ["webservices failed its checks"])
            : new StubResult(input.Destination.Name, cancelReason!, "completed", []);
    }

    [WorkflowSignal("cancel")]
    public Task CancelAsync(string? reason = null)
    {
        cancelReason = reason ?? "";
        return Task.CompletedTask;
    }

    [WorkflowQuery("status")]
    public StubStatus Status => new(phase, [new StubApp("portal", "staged"), new StubApp("webservices", "pushing")]);
}
