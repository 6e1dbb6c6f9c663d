using Google.Protobuf;
using Graduate.Temporal.Converters;
using Graduate.Temporal.Exceptions;
using Graduate.Temporal.Grpc;
using Temporalio.Api.Common.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Graduate.Temporal.Activities;

/// <summary>
/// The running activity attempt: its facts, its cancellation, and heartbeats. Heartbeats are throttled
/// (at most one call per 80% of the heartbeat timeout, 30 s without one) and their replies carry
/// cancellation back: a cancel request, or the server no longer knowing the attempt, fires the token.
/// </summary>
public sealed class ActivityExecutionContext : IDisposable
{
    private static readonly AsyncLocal<ActivityExecutionContext?> CurrentContext = new();
    private readonly WorkflowService service;
    private readonly ByteString taskToken;
    private readonly string @namespace;
    private readonly string identity;
    private readonly CancellationTokenSource cancel = new();
    private readonly TimeSpan throttle;
    private readonly Lock gate = new();
    private readonly Payloads? previousDetails;
    private object? pendingDetails;
    private bool hasPending;
    private Task heartbeatLoop = Task.CompletedTask;

    internal ActivityExecutionContext(
        ActivityInfo info, Payloads? previousDetails, WorkflowService service, ByteString taskToken, string @namespace, string identity)
    {
        Info = info;
        this.previousDetails = previousDetails;
        this.service = service;
        this.taskToken = taskToken;
        this.@namespace = @namespace;
        this.identity = identity;
        throttle = info.HeartbeatTimeout is { } timeout && timeout > TimeSpan.Zero
            ? TimeSpan.FromTicks((long)(timeout.Ticks * 0.8))
            : TimeSpan.FromSeconds(30);
    }

    /// <summary>The context of the activity running on this async flow.</summary>
    public static ActivityExecutionContext Current =>
        CurrentContext.Value ?? throw new InvalidOperationException("not inside an activity");

    /// <summary>Whether code runs inside an activity.</summary>
    public static bool HasCurrent => CurrentContext.Value is not null;

    /// <summary>Ids and settings of this attempt.</summary>
    public ActivityInfo Info { get; }

    /// <summary>Fires when the activity should stop; see <see cref="CancelReason"/>.</summary>
    public CancellationToken CancellationToken => cancel.Token;

    /// <summary>Why <see cref="CancellationToken"/> fired.</summary>
    public ActivityCancelReason CancelReason { get; private set; }

    /// <summary>Records progress and learns of cancellation; cheap to call often.</summary>
    public void Heartbeat(object? details = null)
    {
        lock (gate)
        {
            pendingDetails = details;
            hasPending = true;
            if (heartbeatLoop.IsCompleted)
            {
                heartbeatLoop = Task.Run(SendHeartbeatsAsync);
            }
        }
    }

    /// <summary>The details the previous attempt last heartbeated (to resume where it stopped).</summary>
    public T? GetHeartbeatDetails<T>() => FailureConverter.FirstOrDefault<T>(previousDetails);

    /// <summary>Makes this the current context of the calling async flow (undone when that async method returns).</summary>
    internal void MakeCurrent() => CurrentContext.Value = this;

    internal void Cancel(ActivityCancelReason reason)
    {
        lock (gate)
        {
            if (CancelReason != ActivityCancelReason.None)
            {
                return;
            }

            CancelReason = reason;
        }

        try
        {
            cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The attempt already finished.
        }
    }

    private async Task SendHeartbeatsAsync()
    {
        while (true)
        {
            object? details;
            lock (gate)
            {
                if (!hasPending || cancel.IsCancellationRequested)
                {
                    return;
                }

                details = pendingDetails;
                hasPending = false;
            }

            try
            {
                var request = new RecordActivityTaskHeartbeatRequest
                {
                    TaskToken = taskToken,
                    Namespace = @namespace,
                    Identity = identity,
                    Details = details is null ? null : PayloadConverter.EncodeAll([details]),
                };
                var response = await service.RecordActivityTaskHeartbeatAsync(request, CancellationToken.None).ConfigureAwait(false);
                if (response.CancelRequested)
                {
                    Cancel(ActivityCancelReason.CancelRequested);
                    return;
                }
            }
            catch (NotFoundException)
            {
                Cancel(ActivityCancelReason.GoneFromServer);
                return;
            }
            catch (RpcException)
            {
                // A lost heartbeat is retried with the next one; the heartbeat timeout covers a dead worker.
            }

            try
            {
                await Task.Delay(throttle, cancel.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            hasPending = false;
        }

        cancel.Dispose();
    }
}
