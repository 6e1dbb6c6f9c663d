using Graduate.Workflows;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Graduate.Cli.Tests;

/// <summary>
/// Stands in for the real Graduation workflow with the same names (type, <c>status</c> query,
/// <c>cancel</c> signal): it reports "staging" until signalled, then completes; the reason "fail" fails the
/// execution, and "soft-fail" completes it with a failed outcome, as the real workflow reports a failed graduation.
/// With <c>approval</c> in its input it waits in "awaiting-approval" instead, and the <c>approve</c> and <c>reject</c>
/// updates (refused in any other phase, naming it, as the real validators do) complete it.
/// </summary>
[Workflow("Graduation")]
public sealed class StubGraduationWorkflow
{
    private string phase = "staging";
    private string? cancelReason;

    [WorkflowRun]
    public async Task<StubResult> RunAsync(GraduationInput input)
    {
        if (input.Approval)
        {
            phase = "awaiting-approval";
        }

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

    [WorkflowUpdateValidator(nameof(ApproveAsync))]
    public void ValidateApprove(ApproveRequest? request) => RequireAwaiting("approve");

    [WorkflowUpdate("approve")]
    public Task<string> ApproveAsync(ApproveRequest? request)
    {
        cancelReason = $"approved by {request?.By}: {request?.Note}";
        return Task.FromResult(cancelReason);
    }

    [WorkflowUpdateValidator(nameof(RejectAsync))]
    public void ValidateReject(RejectRequest? request) => RequireAwaiting("reject");

    [WorkflowUpdate("reject")]
    public Task<string> RejectAsync(RejectRequest? request)
    {
        cancelReason = $"rejected by {request?.By}: {request?.Reason}";
        return Task.FromResult(cancelReason);
    }

    private void RequireAwaiting(string what)
    {
        if (phase != "awaiting-approval" || cancelReason is not null)
        {
            throw new ApplicationFailureException($"Nothing to {what}: graduation stub is in phase {phase}.");
        }
    }

    [WorkflowQuery("status")]
    public StubStatus Status => new(phase, [new StubApp("portal", "staged"), new StubApp("webservices", "pushing")]);
}
