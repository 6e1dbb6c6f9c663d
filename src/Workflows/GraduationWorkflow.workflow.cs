using System.Globalization;
using Graduate.Workflows.Contracts;
using Graduate.Workflows.Status;
using Microsoft.Extensions.Logging;
using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Graduate.Workflows;

/// <summary>
/// Graduates a set of Dokku apps from one environment to the next, all or nothing:
/// preflight -> PRE hooks -> arm the gates -> push every app in parallel until all are staged -> POST hooks ->
/// open every gate at once -> tag. A failure or cancel before go-live tears everything down (the old releases
/// never stop serving); an app that fails to go live makes the apps that did go live roll back.
/// Cancel with the <c>cancel</c> signal (optional reason) or Temporal's own cancel request; <c>status</c> answers
/// where it stands. When the input asks for approval, it holds every app staged after the POST hooks until the
/// <c>approve</c> update (or signal), and tears down on <c>reject</c> or when the approval's deadline passes. Deterministic: time from <see cref="Workflow.UtcNow"/>, order from list indexes.
/// </summary>
[Workflow(GraduationWorkflowIds.WorkflowType)]
public sealed class GraduationWorkflow : IDisposable
{
    private static readonly RetryPolicy Retry = new()
    {
        InitialInterval = TimeSpan.FromSeconds(1),
        BackoffCoefficient = 2.0f,
        MaximumInterval = TimeSpan.FromSeconds(30),
        MaximumAttempts = 6,
        NonRetryableErrorTypes = FailureTypes.NonRetryable,
    };

    // Every activity heartbeats in the background while it runs (a third of this), so a lost worker is noticed and its
    // attempt retried this fast, whatever the activity's own time limit; hook and push output rides on the heartbeats.
    private static readonly TimeSpan HeartbeatTimeout = TimeSpan.FromSeconds(15);

    private readonly CancellationTokenSource cancelSignal = new();
    private readonly List<AppStatus> apps = [];
    private readonly List<SkippedApp> skipped = [];
    private readonly List<HookStatus> hooks = [];
    private readonly List<string> errors = [];
    private readonly List<string> rolledBack = [];
    private readonly List<Task> pushes = [];
    private string graduationId = string.Empty;
    private string sourceName = string.Empty;
    private string destinationName = string.Empty;
    private string phase = GraduationPhase.Preflight;
    private string? outcome;
    private DateTime startedAt;
    private DateTime? finishedAt;
    private DateTime? phaseSince;
    private bool cancelRequested;
    private string? cancelReason;
    private bool cancelTooLate;
    private bool goLiveStarted;
    private bool stopping;
    private string? tag;
    private ApprovalStatus? approval;
    private string? rollbackTo;

    [WorkflowRun]
    public async Task<GraduationResult> RunAsync(GraduationInput? input)
    {
        startedAt = Workflow.UtcNow;
        phaseSince = startedAt;
        sourceName = input?.Source?.Name ?? string.Empty;
        destinationName = input?.Destination?.Name ?? string.Empty;
        graduationId = PluginGraduationId(Workflow.Info.WorkflowId, Workflow.Info.RunId);
        rollbackTo = input?.RollbackTo;
        var problem = Invalid(input);
        if (input is null || problem is not null)
        {
            errors.Add(problem ?? "No input.");
            return Finish(GraduationOutcome.Failed);
        }

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Workflow.CancellationToken, cancelSignal.Token);
        using var temporalCancel = Workflow.CancellationToken.Register(() => OnCancel("cancel requested through Temporal"));
        var ct = cancel.Token;
        if (input.Approval)
        {
            approval = new ApprovalStatus(true, ApprovalState.Pending, null, null, null, null);
        }

        for (var i = 0; i < (input.PreHooks?.Count ?? 0); i++)
        {
            hooks.Add(NewHook("PRE", i, input.PreHooks![i]));
        }

        for (var i = 0; i < (input.PostHooks?.Count ?? 0); i++)
        {
            hooks.Add(NewHook("POST", i, input.PostHooks![i]));
        }

        if (string.Equals(input.Source.Name, input.Destination.Name, StringComparison.Ordinal))
        {
            errors.Add($"Source and destination are both {input.Source.Name}: graduate to the next environment.");
            return Finish(GraduationOutcome.Failed);
        }

        var armed = false;
        List<AppPlan> plan = [];
        try
        {
            SetPhase(GraduationPhase.Preflight, $"checking {sourceName} and {destinationName}");
            var preflight = await Workflow.ExecuteActivityAsync<PreflightResult>(
                ActivityNames.Preflight,
                [new PreflightInput(graduationId, input.Source, input.Destination, input.Apps, input.AllowConfigDrift, input.EnvironmentSpecificConfig, input.RollbackTo)],
                Options(TimeSpan.FromMinutes(2), $"preflight {sourceName} -> {destinationName}", ct));
            plan = [.. preflight.Apps];
            skipped.AddRange(preflight.Skipped);
            foreach (var app in plan)
            {
                apps.Add(new AppStatus(app.Name, app.Sha, app.PreviousSha, AppState.Pending, null, null, null, null, null));
            }

            if (plan.Count == 0)
            {
                SkipHooks(0);
                return Finish(GraduationOutcome.Completed);
            }

            var names = plan.Select(a => a.Name).ToList();
            SetPhase(GraduationPhase.PreHooks, "running PRE hooks");
            await RunHooksAsync("PRE", ActivityNames.RunPreHook, input, names, preflight.LastTag, ct);

            SetPhase(GraduationPhase.Arming, $"arming the gates of {string.Join(", ", names)} on {destinationName}");
            armed = true;
            await Workflow.ExecuteActivityAsync<ArmGatesResult>(
                ActivityNames.ArmGates,
                [new ArmGatesInput(graduationId, input.Destination, names, input.EffectiveGateTimeoutSeconds)],
                Options(TimeSpan.FromMinutes(2), $"arm {string.Join(", ", names)}", ct));

            SetPhase(GraduationPhase.Staging, $"pushing {string.Join(", ", names)} to {destinationName} and waiting until all are staged");
            await StageAllAsync(input, plan, ct);

            SetPhase(GraduationPhase.PostHooks, "running POST hooks against the staged releases");
            await RunHooksAsync("POST", ActivityNames.RunPostHook, input, names, preflight.LastTag, ct);
            ct.ThrowIfCancellationRequested();
            if (input.Approval)
            {
                await AwaitApprovalAsync(input, ct);
            }
        }
        catch (Exception e) when (e is FailureException or OperationCanceledException)
        {
            stopping = true;
            var canceled = ct.IsCancellationRequested || TemporalException.IsCanceledException(e);
            errors.Add(canceled ? CancelMessage() : Describe(e));
            SkipHooks(0);
            if (armed)
            {
                var names = plan.Select(a => a.Name).ToList();
                await TearDownAsync(input, names);
                await DisarmAsync(input, names);
            }

            return Finish(canceled ? GraduationOutcome.Canceled : GraduationOutcome.Failed);
        }

        return await GoLiveAsync(input, plan);
    }

    /// <summary>Cancels the graduation if it has not begun going live; afterwards the cancel is recorded as too late.</summary>
    [WorkflowSignal("cancel")]
    public Task CancelAsync(string? reason = null)
    {
        cancelReason ??= string.IsNullOrWhiteSpace(reason) ? null : reason;
        OnCancel("cancel signal");
        if (!goLiveStarted && outcome is null && !cancelSignal.IsCancellationRequested)
        {
            cancelSignal.Cancel();
        }

        return Task.CompletedTask;
    }

    /// <summary>Refuses an approval the graduation is not waiting for, naming the phase it is in; nothing changes.</summary>
    [WorkflowUpdateValidator(nameof(ApproveAsync))]
    public void ValidateApprove(ApproveRequest? request = null) => RequireWaiting("approve");

    /// <summary>Approves the go-live of a graduation waiting in <c>awaiting-approval</c>; answers the approval as recorded.</summary>
    [WorkflowUpdate("approve")]
    public Task<ApprovalStatus> ApproveAsync(ApproveRequest? request = null)
    {
        Decide(ApprovalState.Approved, request?.By, request?.Note);
        return Task.FromResult(approval!);
    }

    /// <summary>Refuses a rejection the graduation is not waiting for, or one without a reason.</summary>
    [WorkflowUpdateValidator(nameof(RejectAsync))]
    public void ValidateReject(RejectRequest? request = null)
    {
        RequireWaiting("reject");
        if (string.IsNullOrWhiteSpace(request?.Reason))
        {
            throw new ApplicationFailureException("A rejection needs a reason (graduate reject DST --reason TEXT).");
        }
    }

    /// <summary>Rejects the go-live: every gate is aborted and the graduation fails with the reason in its errors.</summary>
    [WorkflowUpdate("reject")]
    public Task<ApprovalStatus> RejectAsync(RejectRequest? request = null)
    {
        Decide(ApprovalState.Rejected, request?.By, request?.Reason);
        return Task.FromResult(approval!);
    }

    /// <summary>
    /// The <c>approve</c> update as a signal, for the Web UI's signal button and <c>temporal workflow signal</c>.
    /// A signal cannot be refused: one that arrives when no approval is awaited is ignored (logged).
    /// </summary>
    [WorkflowSignal("approve")]
    public Task ApproveSignalAsync(ApproveRequest? request = null)
    {
        if (WaitingProblem("approve") is { } problem)
        {
            Workflow.Logger.LogWarning("Ignored the approve signal: {Problem}", problem);
            return Task.CompletedTask;
        }

        Decide(ApprovalState.Approved, request?.By ?? "signal", request?.Note);
        return Task.CompletedTask;
    }

    /// <summary>The <c>reject</c> update as a signal; ignored (logged) when no approval is awaited.</summary>
    [WorkflowSignal("reject")]
    public Task RejectSignalAsync(RejectRequest? request = null)
    {
        if (WaitingProblem("reject") is { } problem)
        {
            Workflow.Logger.LogWarning("Ignored the reject signal: {Problem}", problem);
            return Task.CompletedTask;
        }

        Decide(ApprovalState.Rejected, request?.By ?? "signal", string.IsNullOrWhiteSpace(request?.Reason) ? "no reason given" : request.Reason);
        return Task.CompletedTask;
    }

    /// <summary>Phase, each app's state and timings, hooks and their results, errors.</summary>
    [WorkflowQuery("status")]
    public GraduationStatus Status => new(
        graduationId,
        sourceName,
        destinationName,
        phase,
        outcome,
        startedAt,
        finishedAt,
        [.. apps],
        [.. skipped],
        [.. hooks],
        [.. errors],
        cancelRequested,
        cancelReason,
        cancelTooLate,
        tag,
        approval,
        rollbackTo,
        phaseSince);

    /// <summary>
    /// The id the plugin knows this run by (gates, jobs): the workflow id plus the run id, so a later graduation to
    /// the same destination (same workflow id) never meets this one's jobs. Characters the plugin refuses become '-'.
    /// </summary>
    internal static string PluginGraduationId(string workflowId, string runId)
    {
        var prefix = workflowId.Length > 80 ? workflowId[..80] : workflowId;
        var chars = $"{prefix}.{runId}".Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-').ToArray();
        var id = new string(chars);
        return char.IsAsciiLetterOrDigit(id[0]) ? id : "g" + id;
    }

    /// <summary>
    /// Holds every app staged (the gates were armed long enough, <see cref="GraduationInput.EffectiveGateTimeoutSeconds"/>)
    /// until <c>approve</c>; <c>reject</c>, the deadline or a cancel ends it with an exception the caller tears down on.
    /// </summary>
    private async Task AwaitApprovalAsync(GraduationInput input, CancellationToken ct)
    {
        var timeout = TimeSpan.FromSeconds(input.ApprovalTimeoutSeconds);
        var deadline = Workflow.UtcNow + timeout;
        approval = approval! with { State = ApprovalState.Waiting, Deadline = deadline };
        SetPhase(
            GraduationPhase.AwaitingApproval,
            $"every app staged, waiting until {deadline.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}Z for `graduate approve {destinationName}`");
        var decided = await Workflow.WaitConditionAsync(() => approval!.State != ApprovalState.Waiting, timeout, ct);
        if (!decided)
        {
            approval = approval with { State = ApprovalState.TimedOut, At = Workflow.UtcNow };
            throw new ApplicationFailureException(
                $"Approval timed out: nobody approved within {Durations(timeout)} (deadline {deadline.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}Z), so nothing went live on {destinationName}.",
                errorType: "ApprovalTimedOut",
                nonRetryable: true);
        }

        if (approval.State == ApprovalState.Rejected)
        {
            throw new ApplicationFailureException(
                $"Rejected by {approval.By ?? "someone"}: {approval.Note}; nothing went live on {destinationName}.",
                errorType: "ApprovalRejected",
                nonRetryable: true);
        }
    }

    private void Decide(string state, string? by, string? note)
    {
        approval = approval! with
        {
            State = state,
            By = string.IsNullOrWhiteSpace(by) ? null : by.Trim(),
            Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
            At = Workflow.UtcNow,
        };
    }

    private void RequireWaiting(string what)
    {
        if (WaitingProblem(what) is { } problem)
        {
            throw new ApplicationFailureException(problem);
        }
    }

    /// <summary>Why <paramref name="what"/> cannot be taken now, or null while the graduation waits for approval.</summary>
    private string? WaitingProblem(string what)
    {
        if (approval is null)
        {
            return $"Nothing to {what}: graduation {graduationId} does not wait for approval (phase {phase}).";
        }

        return phase == GraduationPhase.AwaitingApproval && approval.State == ApprovalState.Waiting
            ? null
            : $"Nothing to {what} yet: graduation {graduationId} is in phase {phase} (approval {approval.State}); it waits for approval once every app is staged and the POST hooks passed.";
    }

    private static string Durations(TimeSpan span) =>
        span.TotalMinutes >= 1 && span.Seconds == 0
            ? $"{span.TotalMinutes.ToString("0", CultureInfo.InvariantCulture)} minutes"
            : $"{span.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} seconds";

    private async Task<GraduationResult> GoLiveAsync(GraduationInput input, List<AppPlan> plan)
    {
        goLiveStarted = true;
        var names = plan.Select(a => a.Name).ToList();
        SetPhase(GraduationPhase.GoingLive, $"opening the gates of {string.Join(", ", names)} at once");
        GoLiveResult result;
        try
        {
            result = await Workflow.ExecuteActivityAsync<GoLiveResult>(
                ActivityNames.GoLive,
                [new GoLiveInput(graduationId, input.Source, input.Destination, names)],
                Options(TimeSpan.FromSeconds(input.DeployTimeoutSeconds), $"go live {string.Join(", ", names)}", CancellationToken.None));
        }
        catch (FailureException e)
        {
            errors.Add($"Go-live could not be confirmed, check {destinationName}: {Describe(e)}");
            await TearDownAsync(input, names);
            await DisarmAsync(input, names);
            return Finish(GraduationOutcome.Failed);
        }

        for (var i = 0; i < apps.Count; i++)
        {
            var app = apps[i];
            if (result.Live.Contains(app.Name, StringComparer.Ordinal))
            {
                apps[i] = app with { State = AppState.Live, LiveAt = Workflow.UtcNow, FinishedAt = Workflow.UtcNow };
            }
            else if (result.Failed.FirstOrDefault(f => f.App == app.Name) is { } failure)
            {
                apps[i] = app with { State = AppState.Failed, FinishedAt = Workflow.UtcNow, Error = failure.Reason };
            }
        }

        if (result.Failed.Count > 0)
        {
            errors.Add(string.Join("; ", result.Failed.Select(f => $"{f.App} failed to go live: {f.Reason}")) + ".");
            var held = result.Failed.Where(f => !f.PassedGate).Select(f => f.App).ToList();
            await TearDownAsync(input, held);
            await DisarmAsync(input, held);

            // Roll back every app whose deploy passed its gate: the live ones, and any that failed after the
            // proxy may already have switched to it.
            var live = plan.Where(a => result.Live.Contains(a.Name, StringComparer.Ordinal)
                || result.Failed.Any(f => f.PassedGate && f.App == a.Name)).ToList();
            if (live.Count > 0)
            {
                await RollBackAsync(input, live);
            }

            return Finish(GraduationOutcome.Failed);
        }

        SetPhase(GraduationPhase.Tagging, $"tagging {destinationName} in {sourceName}'s state repository");
        try
        {
            var tagged = await Workflow.ExecuteActivityAsync<TagEnvironmentResult>(
                ActivityNames.TagEnvironment,
                [new TagEnvironmentInput(input.Source, destinationName, Workflow.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture), plan, approval, input.RollbackTo)],
                Options(TimeSpan.FromMinutes(2), $"tag {destinationName}", CancellationToken.None));
            tag = tagged.Tag;
        }
        catch (FailureException e)
        {
            errors.Add($"Every app is live, but tagging the environment state failed: {Describe(e)}");
        }

        await DisarmAsync(input, names);
        return Finish(GraduationOutcome.Completed);
    }

    private async Task DisarmAsync(GraduationInput input, List<string> names)
    {
        if (names.Count == 0)
        {
            return;
        }

        try
        {
            var result = await Workflow.ExecuteActivityAsync<DisarmResult>(
                ActivityNames.Disarm,
                [new DisarmInput(graduationId, input.Source, input.Destination, names)],
                Options(TimeSpan.FromMinutes(2), $"disarm {string.Join(", ", names)}", CancellationToken.None));
            if (result.LeftArmed.Count > 0)
            {
                errors.Add($"Left armed (aborted) because their push was still running: {string.Join(", ", result.LeftArmed)}; the gate refuses it when it arrives.");
            }
        }
        catch (FailureException e)
        {
            errors.Add($"Disarming {string.Join(", ", names)} on {destinationName} failed: {Describe(e)}");
        }
    }

    private async Task RollBackAsync(GraduationInput input, List<AppPlan> live)
    {
        SetPhase(GraduationPhase.RollingBack, $"rolling {string.Join(", ", live.Select(a => a.Name))} back on {destinationName}");
        RollBackResult result;
        try
        {
            result = await Workflow.ExecuteActivityAsync<RollBackResult>(
                ActivityNames.RollBack,
                [new RollBackInput(graduationId, input.Source, input.Destination, live)],
                Options(TimeSpan.FromSeconds(input.DeployTimeoutSeconds), $"roll back {string.Join(", ", live.Select(a => a.Name))}", CancellationToken.None));
        }
        catch (FailureException e)
        {
            result = new RollBackResult([], [.. live.Select(a => new AppFailure(a.Name, Describe(e), []))]);
        }

        for (var i = 0; i < apps.Count; i++)
        {
            var app = apps[i];
            if (result.RolledBack.Contains(app.Name, StringComparer.Ordinal))
            {
                apps[i] = app with { State = AppState.RolledBack, FinishedAt = Workflow.UtcNow };
                rolledBack.Add(app.Name);
            }
            else if (result.Failed.FirstOrDefault(f => f.App == app.Name) is { } failure)
            {
                apps[i] = app with { State = AppState.RollbackFailed, FinishedAt = Workflow.UtcNow, Error = failure.Reason };
            }
        }

        if (rolledBack.Count > 0)
        {
            errors.Add($"Rolled back to their previous release: {string.Join(", ", rolledBack)}.");
        }

        if (result.Failed.Count > 0)
        {
            errors.Add(string.Join("; ", result.Failed.Select(f => $"{f.App} could not be rolled back: {f.Reason}")) + ".");
        }
    }

    /// <summary>
    /// Pushes every app at once and waits until all are staged (Dokku's check-install phase). Push activities are
    /// never canceled: a failure or a cancel only stops the waiting here, and the teardown waits for each push to
    /// reach its gate (staged, or failed) before aborting it, so the result can say what became of every app. (An
    /// aborted gate also refuses a deploy that reaches it later.)
    /// </summary>
    private async Task StageAllAsync(GraduationInput input, List<AppPlan> plan, CancellationToken ct)
    {
        for (var i = 0; i < plan.Count; i++)
        {
            pushes.Add(PushAsync(input, i, plan[i]));
        }

        await Workflow.WaitConditionAsync(() => ct.IsCancellationRequested || pushes.All(p => p.IsCompleted) || pushes.Any(p => p.IsFaulted));
        ct.ThrowIfCancellationRequested();
        if (pushes.FirstOrDefault(p => p.IsFaulted) is { } failed)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failed.Exception!.InnerException!).Throw();
        }
    }

    private async Task PushAsync(GraduationInput input, int index, AppPlan app)
    {
        apps[index] = apps[index] with { State = AppState.Pushing, PushStartedAt = Workflow.UtcNow };
        try
        {
            var push = await Workflow.ExecuteActivityAsync<PushAppResult>(
                ActivityNames.PushApp,
                [new PushAppInput(graduationId, input.Source, input.Destination, app.Name, app.Sha, input.IsRollback, app.DeployBranch)],
                Options(TimeSpan.FromMinutes(2), "push " + app.Name, CancellationToken.None));
            await Workflow.ExecuteActivityAsync<CheckInstallResult>(
                ActivityNames.CheckInstall,
                [new CheckInstallInput(graduationId, input.Source, input.Destination, app.Name, push.Job)],
                Options(TimeSpan.FromSeconds(input.DeployTimeoutSeconds), "check-install " + app.Name, CancellationToken.None));
            apps[index] = apps[index] with { State = AppState.Staged, StagedAt = Workflow.UtcNow };
        }
        catch (FailureException e)
        {
            // Once the graduation is stopping, a push that ends was stopped by the teardown (its build canceled).
            apps[index] = stopping
                ? apps[index] with { State = AppState.Aborted, FinishedAt = Workflow.UtcNow }
                : apps[index] with { State = AppState.Failed, FinishedAt = Workflow.UtcNow, Error = Describe(e) };
            throw;
        }
    }

    private async Task RunHooksAsync(string kind, string activity, GraduationInput input, List<string> names, string? lastTag, CancellationToken ct)
    {
        for (var i = 0; i < hooks.Count; i++)
        {
            if (hooks[i].Kind != kind)
            {
                continue;
            }

            var hook = hooks[i];
            hooks[i] = hook with { State = "running", StartedAt = Workflow.UtcNow };
            Workflow.CurrentDetails = $"{Kind} {graduationId}: {phase}, {kind} hook {hook.Index}: {hook.Command}";
            try
            {
                var result = await Workflow.ExecuteActivityAsync<HookResult>(
                    activity,
                    [new HookInput(graduationId, input.Source, input.Destination, names, hook.Index, hook.Command, lastTag, input.RollbackTo)],
                    Options(TimeSpan.FromSeconds(input.HookTimeoutSeconds), $"{kind} hook {hook.Index}", ct));
                hooks[i] = hooks[i] with { State = "succeeded", FinishedAt = Workflow.UtcNow, ExitCode = result.ExitCode, LogTail = result.LogTail };
            }
            catch (FailureException e)
            {
                var details = e.InnerException is ApplicationFailureException { Details.Count: > 0 } failure ? failure.Details.ElementAt<HookResult>(0) : null;
                var state = TemporalException.IsCanceledException(e) ? "canceled" : "failed";
                hooks[i] = hooks[i] with { State = state, FinishedAt = Workflow.UtcNow, ExitCode = details?.ExitCode, LogTail = details?.LogTail ?? [] };
                throw;
            }
        }
    }

    private async Task TearDownAsync(GraduationInput input, List<string> names)
    {
        if (names.Count == 0)
        {
            return;
        }

        SetPhase(GraduationPhase.TearingDown, $"aborting the gates of {string.Join(", ", names)} on {destinationName}");

        // Abort only once every push activity has ended (its app staged or failed): a deploy still on its way to
        // an armed gate must meet that gate armed, not aborted (see TearDownActivity). Builds in progress are
        // canceled first so that wait is short.
        if (!pushes.All(p => p.IsCompleted))
        {
            try
            {
                await Workflow.ExecuteActivityAsync<CancelBuildsResult>(
                    ActivityNames.CancelBuilds,
                    [new CancelBuildsInput(graduationId, input.Source, input.Destination, names)],
                    Options(TimeSpan.FromMinutes(2), $"cancel builds of {string.Join(", ", names)}", CancellationToken.None));
            }
            catch (FailureException e)
            {
                errors.Add($"Canceling the builds in progress failed, waiting for them instead: {Describe(e)}");
            }
        }

        // Not the workflow's token: after Temporal's cancel request this wait must still end the normal way.
        await Workflow.WaitConditionAsync(() => pushes.All(p => p.IsCompleted), CancellationToken.None);
        try
        {
            // A fresh token: this must run even when the graduation was canceled.
            var result = await Workflow.ExecuteActivityAsync<TearDownResult>(
                ActivityNames.TearDown,
                [new TearDownInput(graduationId, input.Source, input.Destination, names)],
                Options(TimeSpan.FromMinutes(5), $"tear down {string.Join(", ", names)}", CancellationToken.None));
            for (var i = 0; i < apps.Count; i++)
            {
                if (names.Contains(apps[i].Name, StringComparer.Ordinal) && apps[i].State is AppState.Pending or AppState.Pushing or AppState.Staged)
                {
                    apps[i] = apps[i] with { State = AppState.Aborted, FinishedAt = Workflow.UtcNow };
                }
            }

            var stillStaged = result.Gates.Where(g => g.State == "staged").Select(g => g.App).ToList();
            if (stillStaged.Count > 0)
            {
                errors.Add($"Still held at their gate after the teardown (they give up on their own at the gate timeout): {string.Join(", ", stillStaged)}.");
            }
        }
        catch (FailureException e)
        {
            errors.Add($"Tearing down {string.Join(", ", names)} on {destinationName} failed (gates give up on their own at their timeout): {Describe(e)}");
        }
    }

    private GraduationResult Finish(string how)
    {
        outcome = how;
        finishedAt = Workflow.UtcNow;
        phaseSince = finishedAt;
        phase = how switch
        {
            GraduationOutcome.Completed => GraduationPhase.Completed,
            GraduationOutcome.Canceled => GraduationPhase.Canceled,
            _ => GraduationPhase.Failed,
        };
        Workflow.CurrentDetails = $"{Kind} {graduationId} {sourceName} -> {destinationName}: {how}";
        if (how == GraduationOutcome.Canceled && Workflow.CancellationToken.IsCancellationRequested)
        {
            // Temporal's own cancel request: end the execution Canceled, as the Web UI's Cancel button expects.
            throw new OperationCanceledException(CancelMessage());
        }

        var results = apps.Select(a => new AppResult(a.Name, a.PreviousSha, a.State is AppState.Live or AppState.RollbackFailed ? a.Sha : a.PreviousSha, a.State, a.Sha)).ToList();
        return new GraduationResult(graduationId, how, results, [.. skipped], tag, [.. errors], [.. rolledBack], approval, rollbackTo);
    }

    private void OnCancel(string how)
    {
        if (outcome is not null)
        {
            return;
        }

        cancelRequested = true;
        if (goLiveStarted)
        {
            cancelTooLate = true;
            errors.Add($"A {how} arrived after go-live began: too late, the graduation finishes.");
        }
        else
        {
            cancelReason ??= how;
        }
    }

    private string CancelMessage() => $"Canceled before go-live ({cancelReason ?? "cancel requested"}): every gate aborted, nothing changed on {destinationName}.";

    /// <summary>What this run is, as the Web UI's details say it: a graduation, or a rollback to a tag.</summary>
    private string Kind => rollbackTo is null ? "graduation" : $"rollback to {rollbackTo}";

    private void SetPhase(string next, string description)
    {
        phase = next;
        phaseSince = Workflow.UtcNow;
        Workflow.CurrentDetails = $"{Kind} {graduationId} {sourceName} -> {destinationName}: {next}, {description}";
    }

    private void SkipHooks(int from)
    {
        for (var i = from; i < hooks.Count; i++)
        {
            if (hooks[i].State == "pending")
            {
                hooks[i] = hooks[i] with { State = "skipped" };
            }
        }
    }

    private static HookStatus NewHook(string kind, int index, string command) =>
        new(kind, index + 1, command, "pending", $"{kind.ToLowerInvariant()}-{(index + 1).ToString(CultureInfo.InvariantCulture)}", null, null, null, []);

    /// <summary>Input no run could succeed with; said as one sentence instead of a workflow task failing forever.</summary>
    private static string? Invalid(GraduationInput? input) => input switch
    {
        null => "No input: pass a GraduationInput (source, destination, apps, hooks).",
        { Source: null } or { Destination: null } => "The input needs both a source and a destination environment ({\"name\", \"url\"}).",
        _ when string.IsNullOrWhiteSpace(input.Source.Name) || string.IsNullOrWhiteSpace(input.Destination.Name) => "Both environments need a name.",
        _ when input.GateTimeoutSeconds <= 0 || input.HookTimeoutSeconds <= 0 || input.DeployTimeoutSeconds <= 0 =>
            "gateTimeoutSeconds, hookTimeoutSeconds and deployTimeoutSeconds must be positive.",
        _ when input.RollbackTo is not null && string.IsNullOrWhiteSpace(input.RollbackTo) =>
            "rollbackTo names the state tag to roll back to (e.g. production/20261129120000); leave it out to graduate.",
        _ when input.Approval && input.ApprovalTimeoutSeconds is <= 0 or > GraduationInput.LongestApprovalTimeoutSeconds =>
            $"approvalTimeoutSeconds must be from 1 to {GraduationInput.LongestApprovalTimeoutSeconds} (a week).",
        _ => null,
    };

    /// <summary>Options of one activity call; <paramref name="summary"/> names the step in the Web UI's timeline.</summary>
    private static ActivityOptions Options(TimeSpan startToClose, string summary, CancellationToken ct) => new()
    {
        StartToCloseTimeout = startToClose,
        HeartbeatTimeout = HeartbeatTimeout,
        RetryPolicy = Retry,
        CancellationToken = ct,
        Summary = summary,
    };

    public void Dispose() => cancelSignal.Dispose();

    private static string Describe(Exception e) => e switch
    {
        ActivityFailureException { InnerException: { } inner } => inner.Message,
        _ => e.Message,
    };
}
