using System.Text.Json;
using Graduate.Dokku.Exceptions;
using Graduate.Dokku.Models;

namespace Graduate.Dokku.Parsing;

/// <summary>Turns the JSON that Dokku and the graduate plugin print into records.</summary>
internal static class DokkuJson
{
    public static IReadOnlyList<string> AppList(string json, string command) =>
        Parse<IReadOnlyList<string>>(json, command, root => root.ValueKind == JsonValueKind.Array
            ? [.. root.EnumerateArray().Select(JsonValues.AsString).OfType<string>()]
            : throw Shape(command, "an array of app names"));

    public static IReadOnlyDictionary<string, string?> StringMap(string json, string command) =>
        Parse(json, command, root => root.ValueKind == JsonValueKind.Object
            ? JsonValues.Flatten(root)
            : throw Shape(command, "an object"));

    public static AppReport AppReport(string app, string json, string command)
    {
        var fields = new ReportFields(StringMap(json, command), "app");
        return new AppReport(app, fields.Get("deploy-source"), fields.Get("deploy-source-metadata"), fields.GetBool("locked"), fields.Values);
    }

    public static GitReport GitReport(string app, string json, string command)
    {
        var fields = new ReportFields(StringMap(json, command), "git");
        return new GitReport(
            app,
            fields.Get("sha"),
            fields.Get("deploy-branch"),
            fields.Get("computed-deploy-branch"),
            fields.Get("rev-env-var"),
            fields.Get("last-updated-at"),
            fields.Values);
    }

    public static ProcessReport ProcessReport(string app, string json, string command)
    {
        var fields = new ReportFields(StringMap(json, command), "ps");
        var processes = int.TryParse(fields.Get("processes"), System.Globalization.CultureInfo.InvariantCulture, out var count) ? count : (int?)null;
        return new ProcessReport(app, fields.GetBool("deployed"), fields.Get("running"), processes, fields.Values);
    }

    public static IReadOnlyDictionary<string, GateStatus> Gates(string json, string command) =>
        Parse(json, command, root =>
        {
            var gates = new Dictionary<string, GateStatus>(StringComparer.Ordinal);
            foreach (var gate in Object(root, command).EnumerateObject())
            {
                var raw = JsonValues.Property(gate.Value, "state") is { } s ? JsonValues.AsString(s) ?? "" : "";
                var updated = JsonValues.Property(gate.Value, "updatedAt") is { } u ? JsonValues.AsTime(u) : null;
                var timeout = JsonValues.Property(gate.Value, "timeoutSeconds") is { } t ? JsonValues.AsInt(t) : null;
                var deadline = JsonValues.Property(gate.Value, "deadline") is { } d ? JsonValues.AsTime(d) : null;
                gates[gate.Name] = new GateStatus(ParseGateState(raw), raw, updated, timeout, deadline);
            }

            return (IReadOnlyDictionary<string, GateStatus>)gates;
        });

    public static IReadOnlyDictionary<string, JobStatus> Jobs(string json, string command) =>
        Parse(json, command, root =>
        {
            var jobs = new Dictionary<string, JobStatus>(StringComparer.Ordinal);
            foreach (var job in Object(root, command).EnumerateObject())
            {
                jobs[job.Name] = Job(job.Value);
            }

            return (IReadOnlyDictionary<string, JobStatus>)jobs;
        });

    public static JobStart JobStart(string json, string command) =>
        Parse(json, command, root =>
        {
            var obj = Object(root, command);
            return new JobStart(
                Text(obj, "graduation") ?? "",
                Text(obj, "job") ?? throw Shape(command, "an object with 'job'"),
                JsonValues.Property(obj, "created") is { } c && (JsonValues.AsBool(c) ?? false),
                JsonValues.Property(obj, "status") is { ValueKind: JsonValueKind.Object } status
                    ? Job(status)
                    : throw Shape(command, "an object with 'status'"));
        });

    private static JobStatus Job(JsonElement value) =>
        new(
            (Text(value, "kind") ?? "").ToUpperInvariant() switch
            {
                "PUSH" => JobKind.Push,
                "HOOK" => JobKind.Hook,
                _ => JobKind.Unknown,
            },
            (Text(value, "state") ?? "").ToUpperInvariant() switch
            {
                "RUNNING" => JobState.Running,
                "SUCCEEDED" => JobState.Succeeded,
                "FAILED" => JobState.Failed,
                _ => JobState.Unknown,
            },
            JsonValues.Property(value, "exitCode") is { } e ? JsonValues.AsInt(e) : null,
            JsonValues.Property(value, "startedAt") is { } s ? JsonValues.AsTime(s) : null,
            JsonValues.Property(value, "finishedAt") is { } f ? JsonValues.AsTime(f) : null,
            JsonValues.Property(value, "logLines") is { } l ? JsonValues.AsInt(l) ?? 0 : 0);

    public static GraduateReport Report(string json, string command) =>
        Parse(json, command, root =>
        {
            var apps = new Dictionary<string, GraduateAppReport>(StringComparer.Ordinal);
            if (JsonValues.Property(Object(root, command), "apps") is { ValueKind: JsonValueKind.Object } appsElement)
            {
                foreach (var app in appsElement.EnumerateObject())
                {
                    var value = app.Value;
                    apps[app.Name] = new GraduateAppReport(
                        Text(value, "deployedSha"),
                        Text(value, "deployBranch"),
                        JsonValues.Property(value, "configKeys") is { } k ? JsonValues.AsList(k) : [],
                        JsonValues.Property(value, "checksDisabled") is { } c ? JsonValues.AsList(c) : [],
                        JsonValues.Property(value, "locked") is { } l && (JsonValues.AsBool(l) ?? false));
                }
            }

            return new GraduateReport(apps);
        });

    public static StateStatus StateStatus(string json, string command) =>
        Parse(json, command, root =>
        {
            var obj = Object(root, command);
            var clean = JsonValues.Property(obj, "clean") is { } c ? JsonValues.AsBool(c) : null;
            return new StateStatus(
                clean ?? throw Shape(command, "an object with a boolean 'clean'"),
                JsonValues.Property(obj, "dirty") is { } d ? JsonValues.AsList(d) : []);
        });

    /// <summary>
    /// <c>graduate:state-status --last-tag env</c>: the status, whether the answer has <c>lastTag</c> (an older plugin
    /// ignores the option), and that tag (null: the environment has none).
    /// </summary>
    public static (StateStatus Status, bool Answered, StateTag? LastTag) StateStatusWithLastTag(string json, string command)
    {
        var status = StateStatus(json, command);
        return Parse(json, command, root => JsonValues.Property(root, "lastTag") switch
        {
            null => (status, false, (StateTag?)null),
            { ValueKind: JsonValueKind.Object } tag => (status, true, new StateTag(Text(tag, "tag") ?? "", Text(tag, "message") ?? "")),
            _ => (status, true, null),
        });
    }

    /// <summary><c>graduate:state-init</c>: a state status, plus <c>configValuesInHistory</c> (false when an older plugin did not say).</summary>
    public static StateInit StateInit(string json, string command)
    {
        var status = StateStatus(json, command);
        var leaked = Parse(json, command, root => JsonValues.Property(root, "configValuesInHistory") is { } v && JsonValues.AsBool(v) == true);
        return new StateInit(status.Clean, status.Dirty, leaked);
    }

    public static IReadOnlyList<StateTag> StateTags(string json, string command) =>
        Parse<IReadOnlyList<StateTag>>(json, command, root => root.ValueKind == JsonValueKind.Array
            ? [.. root.EnumerateArray().Select(t => new StateTag(Text(t, "tag") ?? "", Text(t, "message") ?? ""))]
            : throw Shape(command, "an array of tags"));

    public static CommitRange Commits(string json, string command) =>
        Parse(json, command, root =>
        {
            var obj = Object(root, command);
            List<CommitInfo> commits = JsonValues.Property(obj, "commits") is { ValueKind: JsonValueKind.Array } list
                ? list.EnumerateArray().Select(c => new CommitInfo(
                    Text(c, "sha") ?? "",
                    Text(c, "subject") ?? "",
                    Text(c, "author") ?? "",
                    JsonValues.Property(c, "date") is { } d ? JsonValues.AsTime(d) : null)).ToList()
                : throw Shape(command, "an object with 'commits'");
            return new CommitRange(
                Text(obj, "app") ?? "",
                Text(obj, "from") ?? "",
                Text(obj, "to") ?? "",
                JsonValues.Property(obj, "count") is { } n ? JsonValues.AsInt(n) ?? commits.Count : commits.Count,
                commits);
        });

    public static GateState ParseGateState(string raw) => raw.Trim().ToUpperInvariant() switch
    {
        "ARMED" => GateState.Armed,
        "STAGED" => GateState.Staged,
        "LIVE" => GateState.Live,
        "ABORTED" => GateState.Aborted,
        "FAILED" => GateState.Failed,
        "TIMED-OUT" or "TIMED_OUT" or "TIMEDOUT" => GateState.TimedOut,
        _ => GateState.Unknown,
    };

    private static string? Text(JsonElement obj, string name) =>
        JsonValues.Property(obj, name) is { } value ? JsonValues.AsString(value) : null;

    private static JsonElement Object(JsonElement root, string command) =>
        root.ValueKind == JsonValueKind.Object ? root : throw Shape(command, "an object");

    private static T Parse<T>(string json, string command, Func<JsonElement, T> read)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return read(document.RootElement);
        }
        catch (JsonException ex)
        {
            throw new DokkuProtocolException(
                $"'{command}' printed something that is not JSON ({ex.Message}); first output: '{Snippet(json)}'. Is the graduate plugin up to date on that host?",
                ex);
        }
    }

    private static DokkuProtocolException Shape(string command, string expected) =>
        new($"'{command}' printed JSON of an unexpected shape (expected {expected}). Is the graduate plugin up to date on that host?");

    private static string Snippet(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length > 120 ? trimmed[..120] + "..." : trimmed;
    }
}
