using Spectre.Console;

namespace Graduate.Cli.Plans;

/// <summary>A <see cref="GraduationPlan"/> as tables (Spectre.Console; plain text when the output is not a terminal).</summary>
public static class PlanRenderer
{
    /// <summary>Subjects shown per app; the count says how many there are in all.</summary>
    public const int CommitsShown = 10;

    public static void Write(GraduationPlan plan, TextWriter output, bool terminal)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var console = TableConsole.Create(output, terminal);
        var rollback = plan.RollbackTo is not null;
        console.MarkupLine(rollback
            ? $"[bold]Plan: roll {Markup.Escape(plan.Destination)} back to {Markup.Escape(plan.RollbackTo!)}[/] (releases pushed from {Markup.Escape(plan.Source)}; last tag of {Markup.Escape(plan.Destination)}: {Markup.Escape(plan.LastTag ?? "none")})"
            : $"[bold]Plan {Markup.Escape(plan.Source)} -> {Markup.Escape(plan.Destination)}[/] (last tag of {Markup.Escape(plan.Destination)}: {Markup.Escape(plan.LastTag ?? "none")})");
        if (plan.Apps.Count > 0)
        {
            var apps = new Table().Border(TableBorder.Rounded).Title(rollback ? "Apps to roll back" : "Apps to promote");
            apps.AddColumn("App");
            apps.AddColumn($"Live on {Markup.Escape(plan.Destination)}");
            apps.AddColumn(rollback ? "Roll back to" : "Promote");
            apps.AddColumn(rollback ? "Commits undone" : "Commits");
            foreach (var app in plan.Apps)
            {
                apps.AddRow(
                    new Text(app.App),
                    new Text(GraduationPlanner.Abbreviate(app.Live)),
                    new Text(GraduationPlanner.Abbreviate(app.Promote)),
                    new Text(CommitsText(app)));
            }

            console.Write(apps);
        }
        else
        {
            console.WriteLine(rollback ? "No app to roll back." : "No app to promote.");
        }

        foreach (var skipped in plan.Skipped)
        {
            console.WriteLine($"Skipped {skipped.App}: {skipped.Reason}.");
        }

        foreach (var refused in plan.Refused)
        {
            console.MarkupLine($"[red]Refused[/] {Markup.Escape(refused.App)}: {Markup.Escape(refused.Reason)}.");
        }

        if (plan.ConfigDrift.Count > 0)
        {
            var drift = new Table().Border(TableBorder.Rounded).Title("Config drift (key names)");
            drift.AddColumn("App");
            drift.AddColumn($"Set on {Markup.Escape(plan.Source)} only");
            drift.AddColumn($"Set on {Markup.Escape(plan.Destination)} only");
            foreach (var app in plan.ConfigDrift)
            {
                drift.AddRow(new Text(app.App), new Text(Keys(app.MissingOnDestination)), new Text(Keys(app.MissingOnSource)));
            }

            console.Write(drift);
        }

        console.WriteLine($"PRE hooks: {Hooks(plan.Hooks.Pre)}");
        console.WriteLine($"POST hooks: {Hooks(plan.Hooks.Post)}");
        foreach (var blocker in plan.Blockers)
        {
            console.MarkupLine($"[red]Preflight would refuse:[/] {Markup.Escape(blocker)}.");
        }
    }

    private static string CommitsText(PlannedApp app)
    {
        if (app.Commits is not { } commits)
        {
            return app.CommitsError ?? "";
        }

        var lines = new List<string> { commits.Count == 1 ? "1 commit" : $"{commits.Count} commits" };
        lines.AddRange(commits.List.Take(CommitsShown).Select(c => $"{(c.Sha.Length > 7 ? c.Sha[..7] : c.Sha)} {c.Subject} ({c.Author})"));
        if (commits.Count > CommitsShown)
        {
            lines.Add($"... and {commits.Count - CommitsShown} more");
        }

        return string.Join('\n', lines);
    }

    private static string Keys(IReadOnlyList<string> keys) => keys.Count == 0 ? "-" : string.Join(", ", keys);

    private static string Hooks(IReadOnlyList<string> hooks) =>
        hooks.Count == 0 ? "none" : string.Join(" ; ", hooks.Select((h, i) => $"{i + 1}. {h}"));
}
