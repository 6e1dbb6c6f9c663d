using Temporalio.Api.Enums.V1;

namespace Graduate.Cli.Graduations;

/// <summary>How a graduation ended, as the CLI reports it.</summary>
public static class GraduationOutcome
{
    public static string Name(WorkflowExecutionStatus status) =>
        status switch
        {
            WorkflowExecutionStatus.Running => "running",
            WorkflowExecutionStatus.Completed => "completed",
            WorkflowExecutionStatus.Failed => "failed",
            WorkflowExecutionStatus.Canceled => "canceled",
            WorkflowExecutionStatus.Terminated => "terminated",
            WorkflowExecutionStatus.TimedOut => "timed-out",
            WorkflowExecutionStatus.ContinuedAsNew => "continued-as-new",
            _ => "unknown",
        };

    public static int ExitCode(WorkflowExecutionStatus status) =>
        status switch
        {
            WorkflowExecutionStatus.Completed => ExitCodes.Succeeded,
            WorkflowExecutionStatus.Canceled => ExitCodes.Canceled,
            _ => ExitCodes.GraduationFailed,
        };
}
