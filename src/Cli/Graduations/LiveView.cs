using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;
using static Graduate.Cli.Graduations.StatusJson;

namespace Graduate.Cli.Graduations;

/// <summary>
/// In a terminal: one view updated in place (phase, each app with its state, its time and a spinner while it
/// works, each hook, the running hook's or push's last lines, errors), then the outcome below it, which stays.
/// </summary>
internal sealed class LiveView(IAnsiConsole console, TimeProvider time) : IGraduationView
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(150);
    private static readonly string[] Spinner = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

    private readonly Lock gate = new();
    private readonly Lock drawing = new();
    private JsonElement? status;
    private IReadOnlyList<ActivityOutput> running = [];
    private string? note;
    private string? ending;
    private LiveDisplayContext? display;

    public async Task<int> RunAsync(Func<Task<int>> follow)
    {
        ArgumentNullException.ThrowIfNull(follow);
        var exitCode = 0;
        await console.Live(Frame()).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).StartAsync(async context =>
        {
            display = context;
            using var stop = new CancellationTokenSource();
            var ticker = TickAsync(stop.Token);
            try
            {
                exitCode = await follow().ConfigureAwait(false);
            }
            finally
            {
                await stop.CancelAsync().ConfigureAwait(false);
                await ticker.ConfigureAwait(false);
                Draw();
                display = null;
            }
        }).ConfigureAwait(false);
        if (ending is not null)
        {
            console.MarkupLine(ending);
        }

        return exitCode;
    }

    public Task ShowAsync(JsonElement current, IReadOnlyList<ActivityOutput> outputs, DateTimeOffset now)
    {
        lock (gate)
        {
            status = current;
            running = outputs;
            note = null;
        }

        Draw();
        return Task.CompletedTask;
    }

    public Task NoWorkerAsync(string message)
    {
        lock (gate)
        {
            note = message;
        }

        Draw();
        return Task.CompletedTask;
    }

    public Task EndAsync(string id, string outcome, JsonElement? result, string? error, DateTimeOffset now)
    {
        var color = outcome == "completed" ? "green" : outcome == "running" ? "yellow" : "red";
        lock (gate)
        {
            running = [];
            note = null;
            if (result is { ValueKind: JsonValueKind.Object } final)
            {
                status = Merge(status, final);
            }

            ending = $"[bold]{Markup.Escape(id)}[/]: [{color}]{Markup.Escape(outcome)}[/]" + (error is null ? "" : ": " + Markup.Escape(error));
        }

        return Task.CompletedTask;
    }

    /// <summary>Redraws now: on every change, and on every tick for the spinners and times.</summary>
    private void Draw()
    {
        lock (drawing)
        {
            if (display is { } context)
            {
                context.UpdateTarget(Frame());
                context.Refresh();
            }
        }
    }

    private async Task TickAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Draw();
            try
            {
                await Task.Delay(Tick, time, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>The result's final app states and tag over the last status seen (the result has no phase or hooks).</summary>
    private static JsonElement Merge(JsonElement? last, JsonElement result)
    {
        if (last is not { ValueKind: JsonValueKind.Object } before)
        {
            return result;
        }

        var merged = System.Text.Json.Nodes.JsonNode.Parse(before.GetRawText())!.AsObject();
        var finals = Items(result, "apps").ToDictionary(a => Text(a, "name") ?? "", a => Text(a, "state"), StringComparer.Ordinal);
        if (merged["apps"] is System.Text.Json.Nodes.JsonArray apps)
        {
            foreach (var app in apps.OfType<System.Text.Json.Nodes.JsonObject>())
            {
                if (app["name"]?.GetValue<string>() is { } name && finals.TryGetValue(name, out var state) && state is not null)
                {
                    app["state"] = state;
                }
            }
        }

        foreach (var name in new[] { "outcome", "tag", "errors", "approval" })
        {
            if (result.TryGetProperty(name, out var value))
            {
                merged[name] = System.Text.Json.Nodes.JsonNode.Parse(value.GetRawText());
            }
        }

        merged["phase"] = Text(result, "outcome") ?? Text(before, "phase");
        return JsonDocument.Parse(merged.ToJsonString()).RootElement.Clone();
    }

    private Rows Frame()
    {
        JsonElement? current;
        IReadOnlyList<ActivityOutput> outputs;
        string? waiting;
        lock (gate)
        {
            (current, outputs, waiting) = (status, running, note);
        }

        var now = time.GetUtcNow();
        var spin = Spinner[(int)(now.ToUnixTimeMilliseconds() / Tick.TotalMilliseconds % Spinner.Length)];
        var rows = new List<IRenderable>();
        if (current is not { ValueKind: JsonValueKind.Object } s)
        {
            rows.Add(new Markup($"[yellow]{spin}[/] " + Markup.Escape(waiting ?? "waiting for the graduation's first status ...")));
            return new Rows(rows);
        }

        var elapsed = Time(s, "startedAt") is { } started ? StatusRenderer.Duration((Time(s, "finishedAt") ?? now) - started) : "";
        rows.Add(new Markup(
            (Text(s, "rollbackTo") is { } rollbackTo
                ? $"[bold]{Markup.Escape(Text(s, "destination") ?? "")}[/] rolling back to {Markup.Escape(rollbackTo)}"
                : $"[bold]{Markup.Escape(Text(s, "destination") ?? "")}[/] from {Markup.Escape(Text(s, "source") ?? "")}")
            + $"  [grey]·[/]  phase [bold]{Markup.Escape(Text(s, "phase") ?? "?")}[/]  [grey]·[/]  {elapsed}"));
        var table = new Table().NoBorder().HideHeaders().AddColumns("", "", "", "", "");
        foreach (var app in Items(s, "apps"))
        {
            var state = Text(app, "state") ?? "?";
            var end = Time(app, "finishedAt") ?? Time(app, "liveAt") ?? (state == "staged" ? Time(app, "stagedAt") : null) ?? now;
            var took = Time(app, "pushStartedAt") is { } pushed ? StatusRenderer.Duration(end - pushed) : "";
            var sha = Text(app, "sha") is { } full ? full[..Math.Min(12, full.Length)] : "";
            table.AddRow(
                new Markup(Symbol(state, spin)),
                new Markup(Markup.Escape(Text(app, "name") ?? "")),
                new Markup($"[{Color(state)}]{Markup.Escape(state)}[/]"),
                new Text(took),
                new Markup(Markup.Escape(Text(app, "error") is { } error ? "! " + error : sha)));
        }

        foreach (var skipped in Items(s, "skipped"))
        {
            table.AddRow(new Markup("[grey]-[/]"), new Markup(Markup.Escape(Text(skipped, "name") ?? "")), new Markup("[grey]skipped[/]"), new Text(""), new Markup("[grey]" + Markup.Escape(Text(skipped, "reason") ?? "") + "[/]"));
        }

        foreach (var hook in Items(s, "hooks"))
        {
            var state = Text(hook, "state") ?? "?";
            var exit = Text(hook, "exitCode") is { } code ? $" (exit {code})" : "";
            table.AddRow(
                new Markup(Symbol(state, spin)),
                new Markup(Markup.Escape($"{Text(hook, "kind")} hook {Text(hook, "index")}")),
                new Markup($"[{Color(state)}]{Markup.Escape(state + exit)}[/]"),
                new Text(""),
                new Markup("[grey]" + Markup.Escape(Text(hook, "command") ?? "") + "[/]"));
        }

        rows.Add(table);
        if (ApprovalText.Describe(s) is { } approval)
        {
            var color = Text(s, "phase") == "awaiting-approval" ? "yellow" : "grey";
            rows.Add(new Markup($"  [{color}]" + Markup.Escape(approval) + "[/]"));
        }

        foreach (var output in outputs)
        {
            rows.Add(new Markup($"  [grey]{Markup.Escape(output.Activity + (output.Summary is null ? "" : " " + output.Summary))}[/]"));
            rows.AddRange(output.Lines.Select(line => new Markup("    [grey]|[/] " + Markup.Escape(line))));
        }

        rows.AddRange(Items(s, "errors").Select(error => new Markup("  [red]![/] " + Markup.Escape(Scalar(error)))));
        if (waiting is not null)
        {
            rows.Add(new Markup("  [yellow]" + Markup.Escape(waiting) + "[/]"));
        }

        return new Rows(rows);
    }

    private static string Symbol(string state, string spin) => state switch
    {
        "pushing" or "running" => $"[yellow]{spin}[/]",
        "staged" => "[blue]‖[/]",
        "live" or "succeeded" => "[green]✔[/]",
        "failed" or "rollback-failed" => "[red]✘[/]",
        "aborted" or "rolled-back" or "canceled" => "[yellow]↺[/]",
        "skipped" => "[grey]-[/]",
        _ => "[grey]·[/]",
    };

    private static string Color(string state) => state switch
    {
        "live" or "succeeded" => "green",
        "failed" or "rollback-failed" => "red",
        "aborted" or "rolled-back" or "canceled" or "pushing" or "running" => "yellow",
        "staged" => "blue",
        _ => "grey",
    };
}
