using System.Text.Json;
using static Graduate.Cli.Graduations.StatusJson;

namespace Graduate.Cli.Graduations;

/// <summary>
/// What changed between two answers of the <c>status</c> query: one <see cref="GraduationChange"/> per app that
/// moved, hook that started or ended, new phase, error, cancel, approval or tag. Reads the status by property name
/// (as <see cref="StatusRenderer"/> does), so a workflow that reports more fields still works.
/// <para>
/// One answer can hold several changes; they come in the order they happened where the status says when
/// (<c>phaseSince</c>, an app's or hook's times): apps staged and a POST hook failed before the phase became
/// <c>tearing-down</c>. An error follows the latest failure of the answer; another change with no time of its own (a
/// cancel, the tag) stays right after the one before it.
/// A step an app passed between two answers (staged, then aborted before the next look) is said too.
/// </para>
/// </summary>
public static class GraduationChanges
{
    /// <summary>The steps an app may pass between two answers, with the status field that says when.</summary>
    private static readonly (string State, string Field)[] Milestones = [("staged", "stagedAt"), ("live", "liveAt")];

    /// <summary>The status field that says when an app reached <paramref name="state"/>: a milestone's, the push's, else the end.</summary>
    private static string ReachedField(string state) =>
        state == "pushing" ? "pushStartedAt" : Milestones.FirstOrDefault(m => m.State == state).Field ?? "finishedAt";

    public static IReadOnlyList<GraduationChange> Between(JsonElement? before, JsonElement after, DateTimeOffset at)
    {
        var changes = new List<(GraduationChange Change, DateTimeOffset? When, int Rank)>();
        if (after.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        // Rank orders changes of the same instant (one workflow task): what ended, then the phase it led to, then
        // what that phase started (phase staging, then its pushes; a POST hook failed, then tearing-down).
        void Add(string kind, string text, Dictionary<string, object?> fields, IReadOnlyList<string>? detail = null, DateTimeOffset? when = null, bool starts = false) =>
            changes.Add((new GraduationChange(at, kind, text, fields, detail ?? []), when, kind == "phase" ? 0 : starts ? 1 : -1));

        var previous = before is { ValueKind: JsonValueKind.Object } b ? b : (JsonElement?)null;
        if (previous is null)
        {
            var apps = Items(after, "apps").Select(a => Text(a, "name")).OfType<string>().ToList();
            var listed = apps.Count > 0 ? string.Join(", ", apps) : "the apps";
            var rollbackTo = Text(after, "rollbackTo");
            var fields = new Dictionary<string, object?>
            {
                ["graduationId"] = Text(after, "graduationId"),
                ["source"] = Text(after, "source"),
                ["destination"] = Text(after, "destination"),
                ["apps"] = apps,
            };
            if (rollbackTo is not null)
            {
                fields["rollbackTo"] = rollbackTo;
            }

            Add("started", rollbackTo is null
                ? $"graduating {listed} from {Text(after, "source")} to {Text(after, "destination")}"
                : $"rolling {listed} of {Text(after, "destination")} back to {rollbackTo} (releases pushed from {Text(after, "source")})", fields, when: Time(after, "startedAt"));
        }

        var phase = Text(after, "phase");
        if (phase is not null && phase != (previous is { } p ? Text(p, "phase") : null))
        {
            Add("phase", "phase " + phase, new() { ["phase"] = phase }, when: Time(after, "phaseSince"));
        }

        var oldApps = previous is { } pa ? Items(pa, "apps").ToDictionary(a => Text(a, "name") ?? "", StringComparer.Ordinal) : [];
        foreach (var app in Items(after, "apps"))
        {
            var name = Text(app, "name");
            var state = Text(app, "state");
            var old = name is not null && oldApps.TryGetValue(name, out var o) ? o : (JsonElement?)null;
            if (name is null || state is null || (old is { } same && Text(same, "state") == state))
            {
                continue;
            }

            // A step it passed between two answers (staged, then aborted, say) is said too, at its own time.
            foreach (var (step, field) in Milestones)
            {
                if (state != step && Time(app, field) is { } passed && !(old is { } seen && Time(seen, field) is not null))
                {
                    AddApp(app, name, step, passed);
                }
            }

            AddApp(app, name, state, Time(app, ReachedField(state)));
        }

        void AddApp(JsonElement app, string name, string state, DateTimeOffset? when)
        {
            var text = $"{name} {state}";
            if (state is "staged" && Duration(app, "pushStartedAt", "stagedAt") is { } staging)
            {
                text += $" after {staging} (built, checked, held at its gate)";
            }
            else if (state is "pushing" && Text(app, "sha") is { } sha)
            {
                text += $" {Short(sha)}";
            }

            var error = state == Text(app, "state") ? Text(app, "error") : null;
            if (error is not null)
            {
                text += ": " + error;
            }

            Add("app", text, new() { ["app"] = name, ["state"] = state, ["sha"] = Text(app, "sha"), ["error"] = error }, when: when, starts: state == "pushing");
        }

        if (previous is null)
        {
            foreach (var skipped in Items(after, "skipped"))
            {
                Add("skipped", $"{Text(skipped, "name")} skipped: {Text(skipped, "reason")}", new() { ["app"] = Text(skipped, "name"), ["reason"] = Text(skipped, "reason") });
            }
        }

        var oldHooks = previous is { } ph ? Items(ph, "hooks").ToDictionary(HookKey, StringComparer.Ordinal) : [];
        foreach (var hook in Items(after, "hooks"))
        {
            var state = Text(hook, "state");
            if (state is null or "pending" || (oldHooks.TryGetValue(HookKey(hook), out var old) && Text(old, "state") == state))
            {
                continue;
            }

            var name = $"{Text(hook, "kind")} hook {Text(hook, "index")}";
            var exit = Text(hook, "exitCode") is { } code ? $" (exit {code})" : "";
            var text = state == "running" ? $"{name} running: {Text(hook, "command")}" : $"{name} {state}{exit}";
            var tail = state is "succeeded" or "failed" or "canceled" ? Items(hook, "logTail").Select(Scalar).ToList() : [];
            Add("hook", text, new() { ["kind"] = Text(hook, "kind"), ["index"] = Text(hook, "index"), ["state"] = state, ["exitCode"] = Text(hook, "exitCode"), ["command"] = Text(hook, "command") }, tail,
                Time(hook, state == "running" ? "startedAt" : "finishedAt"), starts: state == "running");
        }

        var oldErrors = previous is { } pe ? Items(pe, "errors").Count() : 0;
        // An error has no time of its own: it follows the latest failure of this answer (an app or hook that failed).
        var failedAt = changes.Where(c => c.When is not null && c.Change.Fields.TryGetValue("state", out var s) && s is "failed" or "rollback-failed")
            .Select(c => c.When).Max();
        foreach (var error in Items(after, "errors").Skip(oldErrors))
        {
            Add("error", "error: " + Scalar(error), new() { ["error"] = Scalar(error) }, when: failedAt);
        }

        if (Flag(after, "cancelRequested") && !(previous is { } pc && Flag(pc, "cancelRequested")))
        {
            var reason = Text(after, "cancelReason");
            Add("cancel", "cancel requested" + (reason is null ? "" : ": " + reason), new() { ["reason"] = reason });
        }

        if (Flag(after, "cancelTooLate") && !(previous is { } pl && Flag(pl, "cancelTooLate")))
        {
            Add("cancel", "the cancel came too late: go-live had begun, so the graduation finishes", new() { ["tooLate"] = true });
        }

        if (after.TryGetProperty("approval", out var approval) && approval.ValueKind == JsonValueKind.Object
            && Text(approval, "state") is { } approvalState and not "pending"
            && !(previous is { } pp && pp.TryGetProperty("approval", out var oldApproval) && Text(oldApproval, "state") == approvalState))
        {
            Add("approval", ApprovalText.Describe(after)!, new()
            {
                ["state"] = approvalState,
                ["by"] = Text(approval, "by"),
                ["note"] = Text(approval, "note"),
                ["deadline"] = Time(approval, "deadline"),
            });
        }

        if (Text(after, "tag") is { } tag && !(previous is { } pt && Text(pt, "tag") is not null))
        {
            Add("tag", "tagged " + tag, new() { ["tag"] = tag });
        }

        return InOrder(changes);
    }

    /// <summary>
    /// The changes by when they happened, then by rank; one without a time keeps its place after the one before it
    /// (a stable sort on the time and rank it takes over).
    /// </summary>
    private static List<GraduationChange> InOrder(List<(GraduationChange Change, DateTimeOffset? When, int Rank)> changes)
    {
        var keyed = new List<(GraduationChange Change, DateTimeOffset Time, int Rank)>(changes.Count);
        var (last, rank) = (DateTimeOffset.MinValue, 0);
        foreach (var (change, when, ownRank) in changes)
        {
            (last, rank) = when is { } time ? (time, ownRank) : (last, rank);
            keyed.Add((change, last, rank));
        }

        return [.. keyed.OrderBy(c => c.Time).ThenBy(c => c.Rank).Select(c => c.Change)];
    }

    private static string HookKey(JsonElement hook) => $"{Text(hook, "kind")}/{Text(hook, "index")}";

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;

    private static string? Duration(JsonElement element, string from, string to) =>
        Time(element, from) is { } start && Time(element, to) is { } end ? StatusRenderer.Duration(end - start) : null;
}
