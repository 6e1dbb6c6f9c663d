using System.Text.Json;
using Graduate.Cli.Graduations;
using Temporalio.Api.Enums.V1;

namespace Graduate.Cli.Tests;

public sealed class GraduationOutcomeTests
{
    [Theory]
    [InlineData(WorkflowExecutionStatus.Completed, """{"outcome":"completed"}""", "completed", ExitCodes.Succeeded)]
    [InlineData(WorkflowExecutionStatus.Completed, """{"outcome":"failed","errors":["x"]}""", "failed", ExitCodes.GraduationFailed)]
    [InlineData(WorkflowExecutionStatus.Completed, """{"outcome":"canceled"}""", "canceled", ExitCodes.Canceled)]
    [InlineData(WorkflowExecutionStatus.Completed, """{"other":1}""", "completed", ExitCodes.Succeeded)]
    [InlineData(WorkflowExecutionStatus.Canceled, null, "canceled", ExitCodes.Canceled)]
    [InlineData(WorkflowExecutionStatus.Failed, null, "failed", ExitCodes.GraduationFailed)]
    [InlineData(WorkflowExecutionStatus.Terminated, null, "terminated", ExitCodes.GraduationFailed)]
    [InlineData(WorkflowExecutionStatus.TimedOut, null, "timed-out", ExitCodes.GraduationFailed)]
    public void Of_StatusAndResult_NameAndExitCode(WorkflowExecutionStatus status, string? result, string name, int exitCode)
    {
        using var document = result is null ? null : JsonDocument.Parse(result);

        Assert.Equal((name, exitCode), GraduationOutcome.Of(status, document?.RootElement));
    }
}
