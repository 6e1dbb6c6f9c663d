using Graduate.Temporal.Workflows;

namespace Graduate.TestWorker;

/// <summary>Two parallel activities, a timer, then a wait for the "approve" signal; "phase" answers where it is.</summary>
[Workflow("Sample")]
public sealed class SampleWorkflow
{
    private string phase = "starting";
    private string? approvedBy;

    [WorkflowRun]
    public async Task<SampleResult> RunAsync(SampleInput input)
    {
        var options = new ActivityOptions
        {
            StartToCloseTimeout = TimeSpan.FromSeconds(10),
            CancellationToken = Workflow.CancellationToken,
        };
        phase = "echoing";
        var echoes = await Task.WhenAll(
            Workflow.ExecuteActivityAsync<string>("Echo", input.Name + "-1", options),
            Workflow.ExecuteActivityAsync<string>("Echo", input.Name + "-2", options));
        phase = "sleeping";
        await Workflow.DelayAsync(TimeSpan.FromMilliseconds(input.TimerMs), Workflow.CancellationToken);
        if (input.WaitForApproval)
        {
            phase = "waiting for approval";
            Workflow.CurrentDetails = "waiting for the approve signal";
            await Workflow.WaitConditionAsync(() => approvedBy is not null, ct: Workflow.CancellationToken);
        }

        phase = "done";
        return new SampleResult(input.Name, echoes, approvedBy);
    }

    [WorkflowSignal("approve")]
    public void Approve(string who) => approvedBy = who;

    [WorkflowQuery("phase")]
    public string Phase => phase;
}
