using System.Text.Json;
using static Graduate.Cli.Graduations.StatusJson;

namespace Graduate.Cli.Graduations;

/// <summary>
/// What changed between two answers of the <c>status</c> query: one <see cref="GraduationChange"/> per app that
/// moved, hook that started or ended, new phase, error, cancel, approval or tag. Reads the status by property name
/// (as <see cref="StatusRenderer"/> does), so a workflow that reports more fields still works.
/// </summary>
public static class GraduationChanges
{
    public static IReadOnlyList<GraduationChange> Between(JsonElement? before, JsonElement after, DateTimeOffset at)
    {
        var changes = new List<GraduationChange>();
        if (after.ValueKind != JsonValueKind.Object)
        {
            return changes;
        }

        void Add(string kind, string text, Dictionary<string, object?> fields, IReadOnlyList<string>? detail = null) =>
            changes.Add(new GraduationChange(at, kind, text, fields, detail ?? []));

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
                : $"rolling {listed} of {Text(after, "destination")} back to {rollbackTo} (releases pushed from {Text(after, "source")})", fields);
        }

        var phase = Text(after, "phase");
        if (phase is not null && phase != (previous is { } p ? Text(p, "phase") : null))
        {
            Add("phase", "phase " + phase, new() { ["phase"] = phase });
        }

        var oldApps = previous is { } pa ? Items(pa, "apps").ToDictionary(a => Text(a, "name") ?? "", StringComparer.Ordinal) : [];
        foreach (var app in Items(after, "apps"))
        {
            var name = Text(app, "name");
            var state = Text(app, "state");
            if (name is null || state is null || (oldApps.TryGetValue(name, out var old) && Text(old, "state") == state))
            {
                continue;
            }

            var text = $"{name} {state}";
            if (state is "staged" && Duration(app, "pushStartedAt", "stagedAt") is { } staging)
            {
                text += $" after {staging} (built, checked, held at its gate)";
            }
            else if (state is "pushing" && Text(app, "sha") is { } sha)
            {
                text += $" {Short(sha)}";
            }

            if (Text(app, "error") is { } error)
            {
                text += ": " + error;
            }

            Add("app", text, new() { ["app"] = name, ["state"] = state, ["sha"] = Text(app, "sha"), ["error"] = Text(app, "error") });
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
            Add("hook", text, new() { ["kind"] = Text(hook, "kind"), ["index"] = Text(hook, "index"), ["state"] = state, ["exitCode"] = Text(hook, "exitCode"), ["command"] = Text(hook, "command") }, tail);
        }

        var oldErrors = previous is { } pe ? Items(pe, "errors").Count() : 0;
        foreach (var error in Items(after, "errors").Skip(oldErrors))
        {
            Add("error", "error: " + Scalar(error), new() { ["error"] = Scalar(error) });
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

        return changes;
    }

    private static string HookKey(JsonElement hook) => $"{Text(hook, "kind")}/{Text(hook, "index")}";

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;

    private static string? Duration(JsonElement element, string from, string to) =>
        Time(element, from) is { } start && Time(element, to) is { } end ? StatusRenderer.Duration(end - start) : null;
}
