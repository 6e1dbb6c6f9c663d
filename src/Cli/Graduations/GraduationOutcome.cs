using System.Text.Json;
using Temporalio.Api.Enums.V1;

namespace Graduate.Cli.Graduations;

/// <summary>
/// How a graduation ended, as the CLI reports it. The Graduation workflow completes normally also when the
/// graduation failed or was canceled by its signal, and says so in its result's <c>outcome</c>; that wins
/// over the execution's own status.
/// </summary>
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

    /// <summary>The outcome's name and exit code from the execution status and (when it completed) its result.</summary>
    public static (string Name, int ExitCode) Of(WorkflowExecutionStatus status, JsonElement? result)
    {
        if (status == WorkflowExecutionStatus.Completed
            && result is { ValueKind: JsonValueKind.Object } value
            && value.TryGetProperty("outcome", out var outcome)
            && outcome.ValueKind == JsonValueKind.String)
        {
            return outcome.GetString() switch
            {
                "completed" => ("completed", ExitCodes.Succeeded),
                "canceled" => ("canceled", ExitCodes.Canceled),
                var other => (string.IsNullOrEmpty(other) ? "failed" : other, ExitCodes.GraduationFailed),
            };
        }

        return (Name(status), status switch
        {
            WorkflowExecutionStatus.Completed => ExitCodes.Succeeded,
            WorkflowExecutionStatus.Canceled => ExitCodes.Canceled,
            _ => ExitCodes.GraduationFailed,
        });
    }

    /// <summary>The result's <c>errors</c>, joined, or null.</summary>
    public static string? Errors(JsonElement? result) =>
        result is { ValueKind: JsonValueKind.Object } value
        && value.TryGetProperty("errors", out var errors)
        && errors.ValueKind == JsonValueKind.Array
        && errors.GetArrayLength() > 0
            ? string.Join("; ", errors.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText()))
            : null;
}
