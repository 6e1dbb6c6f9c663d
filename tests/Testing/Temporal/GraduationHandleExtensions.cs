using Graduate.Workflows;
using Graduate.Workflows.Status;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Graduate.Testing;

/// <summary>The calls the graduation tests make on a workflow handle, each bounded by the test's token.</summary>
public static class GraduationHandleExtensions
{
    public static Task<GraduationResult> ResultAsync(this WorkflowHandle handle, CancellationToken ct) =>
        handle.GetResultAsync<GraduationResult>(rpcOptions: new() { CancellationToken = ct });

    public static Task<GraduationStatus> StatusAsync(this WorkflowHandle handle, CancellationToken ct) =>
        handle.QueryAsync<GraduationStatus>("status", [], new() { Rpc = new() { CancellationToken = ct } });

    public static Task CancelSignalAsync(this WorkflowHandle handle, string reason, CancellationToken ct) =>
        handle.SignalAsync("cancel", [reason], new() { Rpc = new() { CancellationToken = ct } });

    /// <summary>Waits until the status query answers <paramref name="phase"/>; throws with its errors if the graduation ends first.</summary>
    public static Task WaitForPhaseAsync(this WorkflowHandle handle, string phase, TimeSpan deadline, CancellationToken ct) =>
        Poll.UntilTrueAsync(
            $"phase {phase}",
            async token =>
            {
                try
                {
                    var status = await handle.StatusAsync(token).ConfigureAwait(false);
                    if (status is { Outcome: not null } && status.Phase != phase)
                    {
                        throw new InvalidOperationException($"The graduation ended {status.Outcome} before phase {phase}: {string.Join(" / ", status.Errors)}");
                    }

                    return (status?.Phase == phase, status?.Phase ?? "none");
                }
                catch (TemporalException e)
                {
                    return (false, e.Message);
                }
            },
            deadline,
            ct);
}
