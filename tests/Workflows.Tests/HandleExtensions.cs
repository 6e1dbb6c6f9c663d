using Graduate.Workflows.Status;
using Temporalio.Client;

namespace Graduate.Workflows.Tests;

/// <summary>The calls the graduation tests make on a workflow handle, each bounded by the test's token.</summary>
internal static class HandleExtensions
{
    public static Task<GraduationResult> ResultAsync(this WorkflowHandle handle, CancellationToken ct) =>
        handle.GetResultAsync<GraduationResult>(rpcOptions: new() { CancellationToken = ct });

    public static Task<GraduationStatus> StatusAsync(this WorkflowHandle handle, CancellationToken ct) =>
        handle.QueryAsync<GraduationStatus>("status", [], new() { Rpc = new() { CancellationToken = ct } });

    public static Task CancelSignalAsync(this WorkflowHandle handle, string reason, CancellationToken ct) =>
        handle.SignalAsync("cancel", [reason], new() { Rpc = new() { CancellationToken = ct } });
}
