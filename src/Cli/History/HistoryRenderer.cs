using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Graduate.Cli.History;

/// <summary>A <see cref="GraduationHistory"/> as a table, newest first, with each run's Web UI link below it.</summary>
public static class HistoryRenderer
{
    public static void Write(GraduationHistory history, TextWriter output, bool terminal)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(output);
        var console = TableConsole.Create(output, terminal);
        var from = history.TagsRead ? $"tags from {history.Source}'s state repo" : "runs from Temporal only, no tags read";
        console.MarkupLine($"[bold]History of {Markup.Escape(history.Destination)}[/], newest first ({Markup.Escape(from)})");
        if (history.Entries.Count == 0)
        {
            console.WriteLine($"Nothing has graduated to {history.Destination} yet: start with `graduate start {history.Source ?? "SOURCE"} {history.Destination}`.");
            return;
        }

        // Times, tags and shas are copied from here, so their columns keep them whole while the table fits; in a terminal
        // too narrow for that every column wraps instead (Spectre would otherwise squeeze the outcome to nothing).
        var table = Table(history, keepWhole: true);
        if (((IRenderable)table).Measure(RenderOptions.Create(console, console.Profile.Capabilities), console.Profile.Width).Min > console.Profile.Width)
        {
            table = Table(history, keepWhole: false);
        }

        console.Write(table);

        // Straight to the output: the console would wrap a link at the terminal's width, and a wrapped link neither
        // copies nor opens.
        foreach (var (entry, number) in history.Entries.Select((e, i) => (e, i + 1)))
        {
            output.WriteLine(entry.Url is { } url
                ? $"{number}  {url}"
                : $"{number}  no run in Temporal (its history is past retention, or another tool wrote the tag)");
        }
    }

    private static Table Table(GraduationHistory history, bool keepWhole)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var (header, whole) in new[] { ("#", true), ("When (UTC)", keepWhole), ("Kind", keepWhole), ("Outcome", false), ("Who", false), ("Apps", keepWhole), ("Tag", keepWhole) })
        {
            var column = new TableColumn(header);
            table.AddColumn(whole ? column.NoWrap() : column);
        }

        foreach (var (entry, number) in history.Entries.Select((e, i) => (e, i + 1)))
        {
            table.AddRow(
                new Text(number.ToString(CultureInfo.InvariantCulture)),
                new Text(When(entry)),
                new Text(entry.RollbackTo is { } to ? $"rollback to\n{to}" : entry.Kind),
                new Markup(Outcome(entry)),
                new Text(Who(entry)),
                new Text(Apps(entry.Apps)),
                new Text(entry.Tag ?? "-"));
        }

        return table;
    }

    private static string When(HistoryEntry entry) =>
        entry.StartedAt is { } started ? Clock(started)
        : entry.EndedAt is { } tagged ? Clock(tagged) + "\n(tagged)"
        : "-";

    private static string Who(HistoryEntry entry)
    {
        var started = entry.StartedBy ?? (entry.RunId is null ? "" : "?");
        var approval = Approval(entry.Approval);
        return (started, approval) switch
        {
            ("", null) => "-",
            (_, null) => started,
            ("", _) => approval,
            _ => started + "\n" + approval,
        };
    }

    private static string Outcome(HistoryEntry entry)
    {
        var color = entry.Outcome switch
        {
            "completed" => "green",
            "running" => "blue",
            "canceled" => "yellow",
            _ => "red",
        };
        var text = $"[{color}]{Markup.Escape(entry.Outcome)}[/]";
        return entry.Errors.Count == 0 ? text : text + "\n" + Markup.Escape(string.Join('\n', entry.Errors));
    }

    private static string? Approval(HistoryApproval? approval) =>
        approval switch
        {
            null => null,
            { State: "approved" } => $"approved by {approval.By ?? "someone"}" + (approval.Note is { } note ? $": {note}" : ""),
            { State: "rejected" } => $"rejected by {approval.By ?? "someone"}" + (approval.Note is { } reason ? $": {reason}" : ""),
            { State: "timed-out" } => "approval timed out",
            _ => "approval " + (approval.State ?? "?"),
        };

    private static string Apps(IReadOnlyList<HistoryApp> apps) =>
        apps.Count == 0 ? "-" : string.Join('\n', apps.Select(App));

    private static string App(HistoryApp app)
    {
        var releases = (app.PreviousSha, app.Sha) switch
        {
            (null, null) => "",
            ({ } before, { } after) when before != after => $" {Short(before)} -> {Short(after)}",
            (_, { } after) => " " + Short(after),
            ({ } before, null) => " " + Short(before),
        };
        // A run that did not leave its release live says which one that was: "portal 38e656a (af6e4df aborted)".
        var attempted = app.Release is { } release && release != app.Sha && app.State is not (null or "live") ? Short(release) + " " : "";
        return app.Name + releases + (app.State is null or "live" ? "" : $" ({attempted}{app.State})");
    }

    private static string Short(string sha) => sha.Length > 7 ? sha[..7] : sha;

    private static string Clock(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
