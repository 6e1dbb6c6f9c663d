using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Graduate.Testing;
using Graduate.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Worker;
using Xunit.Abstractions;

namespace Graduate.Cli.Tests;

/// <summary>
/// `graduate history DST`: runs of <see cref="HistoryStubWorkflow"/> (started by `graduate start`, and a rollback by
/// another client) on the dev server, joined with DST's tags in a simulated staging host's state repo.
/// </summary>
[Collection(CliTemporalCollection.Name)]
public sealed class HistoryCommandTests(CliTemporalFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan VisibilityDeadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task History_CompletedFailedRollbackCanceledRunningAndTagOnly_NewestFirstJoinedWithTags()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var ct = cts.Token;
        await using var sim = await SimulatedDokku.StartAsync(["staging"], ct);
        var destination = "hist-" + Guid.NewGuid().ToString("N")[..6];
        var id = "graduate-" + destination;
        var queue = "cli-history-" + Guid.NewGuid().ToString("N")[..8];
        using var home = new GraduateHome()
            .Set("TEMPORAL_ADDRESS", fixture.Server.Address)
            .Set("GRADUATE_UI", $"127.0.0.1:{fixture.Server.UiPort}")
            .Set("GRADUATE_SSH_CONFIG", sim.ClientSshConfigPath)
            .Set("USER", "carol");
        home.WriteConfig($"""
            environments:
              staging: {sim.SshUser}@{sim["staging"].Alias}
              {destination}: dokku@{destination}.invalid
            """);
        using var stopWorker = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var worker = new TemporalWorker(fixture.Client, new TemporalWorkerOptions(queue).AddWorkflow<HistoryStubWorkflow>());
        var workerRun = worker.ExecuteAsync(stopWorker.Token);

        // Before `state init`: no tags to read, one warning, and still the (empty) history as JSON.
        var noRepo = await home.RunAsync($"history {destination} --json", ct);
        Assert.True(noRepo.ExitCode == ExitCodes.Succeeded, noRepo.Error);
        Assert.Contains("staging has no state repo", noRepo.Error, StringComparison.Ordinal);
        Assert.Contains("graduate state init staging", noRepo.Error, StringComparison.Ordinal);
        Assert.Single(noRepo.Error.Trim().Split('\n'));
        using (var empty = JsonDocument.Parse(noRepo.Out))
        {
            Assert.False(empty.RootElement.GetProperty("tagsRead").GetBoolean());
            Assert.Empty(empty.RootElement.GetProperty("entries").EnumerateArray());
        }

        Assert.Equal(ExitCodes.Succeeded, (await home.RunAsync("state init staging", ct)).ExitCode);

        // A tag no run wrote (its run is past Temporal's retention), oldest of all.
        var oldTag = $"{destination}/20200101000000";
        await TagAsync(sim, oldTag, $$$"""{"apps":[{"name":"portal","sha":"{{{Sha("p0")}}}","previousSha":null}]}""", ct);
        var tagTime = DateTime.UtcNow;
        var completedTag = $"{destination}/{tagTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}";
        var rollbackTag = $"{destination}/{tagTime.AddSeconds(1).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}";

        var completed = await StartAsync(home, destination, queue, "portal,webservices", ct);
        await TagAsync(sim, completedTag, $$$"""{"apps":[{"name":"portal","sha":"{{{Sha("p2")}}}","previousSha":"{{{Sha("p1")}}}"}],"approval":{"by":"bob","note":"LGTM","at":"2026-01-01T00:00:00Z"}}""", ct);
        await FinishAsync(completed, $$$"""
            {"graduationId":"{{{id}}}.x","outcome":"completed",
             "apps":[{"name":"portal","beforeSha":"{{{Sha("p1")}}}","afterSha":"{{{Sha("p2")}}}","state":"live"},
                     {"name":"webservices","beforeSha":"{{{Sha("w1")}}}","afterSha":"{{{Sha("w2")}}}","state":"live"}],
             "skipped":[],"tag":"{{{completedTag}}}","errors":[],"rolledBack":[],
             "approval":{"required":true,"state":"approved","by":"bob","note":"LGTM","at":"2026-01-01T00:00:00Z","deadline":null}}
            """, ct);

        var failed = await StartAsync(home, destination, queue, "portal", ct);
        await FinishAsync(failed, $$$"""
            {"graduationId":"{{{id}}}.y","outcome":"failed",
             "apps":[{"name":"portal","beforeSha":"{{{Sha("p2")}}}","afterSha":"{{{Sha("p2")}}}","state":"rolled-back","release":"{{{Sha("p3")}}}"}],
             "skipped":[],"tag":null,"errors":["POST hook 1 failed: exit 3"],"rolledBack":["portal"]}
            """, ct);

        // A rollback, as another engineer's `graduate rollback` (or any client) starts it: same type and id, rollbackTo in the input.
        var alice = await TemporalClient.ConnectAsync(new(fixture.Server.Address) { DataConverter = GraduateDataConverter.Instance, Identity = "alice@laptop" });
        var rollback = await alice.StartWorkflowAsync(
            "Graduation",
            [Json($$$"""
                {"source":{"name":"staging","url":"dokku@staging"},"destination":{"name":"{{{destination}}}","url":"dokku@{{{destination}}}.invalid"},
                 "rollbackTo":"{{{oldTag}}}","releases":{"portal":"{{{Sha("p0")}}}"}}
                """)],
            new WorkflowOptions(id, queue) { IdConflictPolicy = WorkflowIdConflictPolicy.Fail });
        await TagAsync(sim, rollbackTag, $$$"""{"apps":[{"name":"portal","sha":"{{{Sha("p0")}}}","previousSha":"{{{Sha("p2")}}}"}],"rollbackTo":"{{{oldTag}}}"}""", ct);
        await FinishAsync(rollback, $$$"""
            {"graduationId":"{{{id}}}.z","outcome":"completed","rollbackTo":"{{{oldTag}}}",
             "apps":[{"name":"portal","beforeSha":"{{{Sha("p2")}}}","afterSha":"{{{Sha("p0")}}}","state":"live"}],
             "skipped":[],"tag":"{{{rollbackTag}}}","errors":[],"rolledBack":[]}
            """, ct);

        // The tags above carry made-up times up to tagTime + 1 s; a real tag is never newer than the runs after it, so
        // the runs below start once that second has passed (on a fast machine they came within it, and a tag-only entry
        // sorted above them).
        await Poll.UntilTrueAsync(
            "the clock to pass the rollback tag's second",
            _ => Task.FromResult((DateTime.UtcNow >= tagTime.AddSeconds(2), DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture))),
            TimeSpan.FromSeconds(10),
            ct,
            TimeSpan.FromMilliseconds(100));

        // Temporal's own cancel ends the execution Canceled, with no result and no tag.
        var canceled = await StartAsync(home, destination, queue, "webservices", ct);
        await canceled.CancelAsync();
        await Assert.ThrowsAsync<Temporalio.Exceptions.WorkflowFailedException>(() => canceled.GetResultAsync<JsonElement>());

        var running = await StartAsync(home, destination, queue, "portal", ct);
        try
        {
            var json = await HistoryWhenListedAsync(home, destination, "", 6, ct);
            var table = await home.RunAsync($"history {destination}", ct);
            var terminal = await home.RunInTerminalAsync($"history {destination}", "", ct);
            var two = await HistoryWhenListedAsync(home, destination, "--limit 2", 2, ct);
            var five = await home.RunAsync($"history {destination} --limit 5 --json", ct);
            var one = await home.RunAsync($"history {destination} --limit 1", ct);
            output.WriteLine(table.Out + table.Error);
            output.WriteLine(terminal.Out);
            output.WriteLine(json.Out);

            using var document = JsonDocument.Parse(json.Out);
            var root = document.RootElement;
            Assert.Equal(destination, root.GetProperty("destination").GetString());
            Assert.Equal("staging", root.GetProperty("source").GetString());
            Assert.True(root.GetProperty("tagsRead").GetBoolean());
            var entries = root.GetProperty("entries").EnumerateArray().ToList();
            Assert.Equal(
                new (string?, string?, string?)[]
                {
                    (RunIdOf(running), "running", "graduation"),
                    (RunIdOf(canceled), "canceled", "graduation"),
                    (RunIdOf(rollback), "completed", "rollback"),
                    (RunIdOf(failed), "failed", "graduation"),
                    (RunIdOf(completed), "completed", "graduation"),
                    (null, "completed", "graduation"),
                },
                entries.Select(e => (e.GetProperty("runId").GetString(), e.GetProperty("outcome").GetString(), e.GetProperty("kind").GetString())));

            var (runningEntry, canceledEntry, rollbackEntry, failedEntry, completedEntry, tagOnly) = (entries[0], entries[1], entries[2], entries[3], entries[4], entries[5]);
            Assert.Equal([("portal", "pushing")], Apps(runningEntry).Select(a => (a.Name, a.State)));
            Assert.Equal(JsonValueKind.Null, runningEntry.GetProperty("endedAt").ValueKind);

            Assert.Equal(JsonValueKind.Null, canceledEntry.GetProperty("tag").ValueKind);
            Assert.Equal(["webservices"], Apps(canceledEntry).Select(a => a.Name));

            Assert.Equal(oldTag, rollbackEntry.GetProperty("rollbackTo").GetString());
            Assert.Equal("alice@laptop", rollbackEntry.GetProperty("startedBy").GetString());
            Assert.Equal(rollbackTag, rollbackEntry.GetProperty("tag").GetString());
            Assert.Equal([("portal", Sha("p0"), Sha("p2"))], Apps(rollbackEntry).Select(a => (a.Name, a.Sha, a.PreviousSha)));

            Assert.Equal(JsonValueKind.Null, failedEntry.GetProperty("tag").ValueKind);
            Assert.Equal(["POST hook 1 failed: exit 3"], failedEntry.GetProperty("errors").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal([("portal", "rolled-back")], Apps(failedEntry).Select(a => (a.Name, a.State)));
            Assert.Equal(Sha("p3"), failedEntry.GetProperty("apps")[0].GetProperty("release").GetString());

            Assert.Equal(completedTag, completedEntry.GetProperty("tag").GetString());
            Assert.Equal("bob", completedEntry.GetProperty("approval").GetProperty("by").GetString());
            Assert.Equal("LGTM", completedEntry.GetProperty("approval").GetProperty("note").GetString());
            Assert.Equal("staging", completedEntry.GetProperty("source").GetString());
            Assert.Equal(
                [("portal", Sha("p2"), Sha("p1"), "live"), ("webservices", Sha("w2"), Sha("w1"), "live")],
                Apps(completedEntry).Select(a => (a.Name, a.Sha, a.PreviousSha, a.State)));
            Assert.Equal(
                $"http://127.0.0.1:{fixture.Server.UiPort}/namespaces/default/workflows/{id}/{RunIdOf(completed)}/history",
                completedEntry.GetProperty("url").GetString());
            Assert.Equal($"carol@{Environment.MachineName}", completedEntry.GetProperty("startedBy").GetString());
            Assert.True(completedEntry.GetProperty("startedAt").GetDateTimeOffset() < failedEntry.GetProperty("startedAt").GetDateTimeOffset());

            Assert.Equal(oldTag, tagOnly.GetProperty("tag").GetString());
            Assert.Equal(JsonValueKind.Null, tagOnly.GetProperty("url").ValueKind);
            Assert.Equal(JsonValueKind.Null, tagOnly.GetProperty("startedBy").ValueKind);
            Assert.Equal(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), tagOnly.GetProperty("endedAt").GetDateTimeOffset());
            Assert.Equal([("portal", Sha("p0"))], Apps(tagOnly).Select(a => (a.Name, a.Sha)));
            Assert.Empty(json.Error);

            // The table: one row per entry in the same order, each run's link below it.
            Assert.True(table.ExitCode == ExitCodes.Succeeded, table.Error);
            Assert.Empty(table.Error);
            Assert.Contains($"History of {destination}, newest first (tags from staging's state repo)", table.Out, StringComparison.Ordinal);
            AssertInOrder(table.Out, "running", "canceled", "rollback to", rollbackTag, oldTag, "failed", "POST hook 1", completedTag, "2020-01-01 00:00:00", oldTag, "(tagged)");
            AssertInOrder(
                table.Out,
                [.. new[] { running, canceled, rollback, failed, completed }.Select((run, i) => $"{i + 1}  http://127.0.0.1:{fixture.Server.UiPort}/namespaces/default/workflows/{id}/{RunIdOf(run)}/history"), "6  no run in Temporal"]);
            Assert.Contains($"portal {Sha("p1")[..7]} -> {Sha("p2")[..7]}", table.Out, StringComparison.Ordinal);
            // The Who column may wrap between words in a 160-column pipe.
            Assert.Contains("approved by", table.Out, StringComparison.Ordinal);
            Assert.Contains("bob: LGTM", table.Out, StringComparison.Ordinal);
            Assert.Contains("alice@laptop", table.Out, StringComparison.Ordinal);
            Assert.Contains("portal (pushing)", table.Out, StringComparison.Ordinal);
            Assert.Contains($"portal {Sha("p2")[..7]} ({Sha("p3")[..7]} rolled-back)", table.Out, StringComparison.Ordinal);
            Assert.True(terminal.ExitCode == ExitCodes.Succeeded, terminal.Error);
            Assert.Contains($"History of {destination}", terminal.Out, StringComparison.Ordinal);
            AssertInOrder(terminal.Out, "running", "canceled", "rollback", "completed", "failed", "completed", "completed");
            Assert.Contains($"{RunIdOf(completed)}/history", terminal.Out, StringComparison.Ordinal);

            // --limit keeps the newest.
            using (var limited = JsonDocument.Parse(two.Out))
            {
                Assert.Equal([RunIdOf(running), RunIdOf(canceled)], limited.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("runId").GetString()));
            }

            using (var limited = JsonDocument.Parse(five.Out))
            {
                Assert.Equal(
                    [RunIdOf(running), RunIdOf(canceled), RunIdOf(rollback), RunIdOf(failed), RunIdOf(completed)],
                    limited.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("runId").GetString()));
            }

            Assert.Contains($"1  http://127.0.0.1:{fixture.Server.UiPort}/namespaces/default/workflows/{id}/{RunIdOf(running)}/history", one.Out, StringComparison.Ordinal);
            Assert.DoesNotContain(RunIdOf(canceled), one.Out, StringComparison.Ordinal);
            Assert.DoesNotContain("2  ", one.Out, StringComparison.Ordinal);
        }
        finally
        {
            await running.TerminateAsync("test over");
            await stopWorker.CancelAsync();
            try
            {
                await workerRun;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    [Fact]
    public async Task History_SourceUnreachableOrDestinationFirst_ListsTemporalRunsWithOneLineOnStderr()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = cts.Token;
        var destination = "hist-" + Guid.NewGuid().ToString("N")[..6];
        var queue = "cli-history-" + Guid.NewGuid().ToString("N")[..8];
        using var home = new GraduateHome()
            .Set("TEMPORAL_ADDRESS", fixture.Server.Address)
            .Set("GRADUATE_UI", $"127.0.0.1:{fixture.Server.UiPort}");
        home.WriteConfig($"""
            environments:
              {destination}-first: dokku@first.invalid
              {destination}: dokku@{destination}.invalid
            """);
        using var stopWorker = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var worker = new TemporalWorker(fixture.Client, new TemporalWorkerOptions(queue).AddWorkflow<HistoryStubWorkflow>());
        var workerRun = worker.ExecuteAsync(stopWorker.Token);
        try
        {
            var run = await StartAsync(home, destination, queue, "portal", ct, source: destination + "-first");
            await FinishAsync(run, """{"outcome":"failed","apps":[],"tag":null,"errors":["preflight refused"]}""", ct);
            var first = await StartAsync(home, destination + "-first", queue, "portal", ct, source: destination);
            await FinishAsync(first, """{"outcome":"completed","apps":[],"tag":null,"errors":[]}""", ct);

            var unreachable = await HistoryWhenListedAsync(home, destination, "", 1, ct);
            var table = await home.RunAsync($"history {destination}", ct);
            var firstListed = await HistoryWhenListedAsync(home, destination + "-first", "", 1, ct);
            output.WriteLine(unreachable.Error + table.Out + firstListed.Error + firstListed.Out);

            Assert.Contains("Listing Temporal's runs only", unreachable.Error, StringComparison.Ordinal);
            Assert.Contains("first.invalid", unreachable.Error, StringComparison.Ordinal);
            Assert.Single(unreachable.Error.Trim().Split('\n'));
            using (var json = JsonDocument.Parse(unreachable.Out))
            {
                Assert.False(json.RootElement.GetProperty("tagsRead").GetBoolean());
                Assert.Equal(unreachable.Error.Trim(), json.RootElement.GetProperty("warning").GetString());
                var entry = Assert.Single(json.RootElement.GetProperty("entries").EnumerateArray());
                Assert.Equal(RunIdOf(run), entry.GetProperty("runId").GetString());
                Assert.Equal("failed", entry.GetProperty("outcome").GetString());

                // Without $USER (or $LOGNAME) the CLI keeps the SDK's own identity, pid@host.
                Assert.Matches($@"\A[0-9]+@{Regex.Escape(Environment.MachineName)}\z", entry.GetProperty("startedBy").GetString());
            }

            Assert.True(table.ExitCode == ExitCodes.Succeeded, table.Error);
            Assert.Contains("runs from Temporal only", table.Out, StringComparison.Ordinal);
            Assert.Contains("preflight refused", table.Out, StringComparison.Ordinal);

            Assert.Contains("--from", firstListed.Error, StringComparison.Ordinal);
            Assert.Single(firstListed.Error.Trim().Split('\n'));
            using (var json = JsonDocument.Parse(firstListed.Out))
            {
                Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("source").ValueKind);
                Assert.Equal(RunIdOf(first), Assert.Single(json.RootElement.GetProperty("entries").EnumerateArray()).GetProperty("runId").GetString());
            }
        }
        finally
        {
            await stopWorker.CancelAsync();
            try
            {
                await workerRun;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    [Theory]
    [InlineData("history nowhere", ExitCodes.ConfigurationError, "Unknown environment 'nowhere'")]
    [InlineData("history $(id)", ExitCodes.UsageError, "$(id)")]
    [InlineData("history production --limit 0", ExitCodes.UsageError, "--limit 0")]
    [InlineData("history production --limit -3", ExitCodes.UsageError, "--limit -3")]
    [InlineData("history production --from nowhere", ExitCodes.ConfigurationError, "Unknown environment 'nowhere'")]
    [InlineData("history production --from production", ExitCodes.UsageError, "--from production is the destination")]
    [InlineData("history production --from ../x", ExitCodes.UsageError, "../x")]
    [InlineData("history production --limit many", ExitCodes.UsageError, "many")]
    [InlineData("history", ExitCodes.UsageError, "")]
    public async Task History_BadInput_RefusedBeforeAnyConnection(string commandLine, int exitCode, string message)
    {
        // Neither the hosts nor this Temporal exist: reaching one would fail with Unreachable, not the code expected.
        using var home = new GraduateHome().Set("TEMPORAL_ADDRESS", "127.0.0.1:1");
        await home.RunAsync("env add staging dokku@staging.invalid --no-check");
        await home.RunAsync("env add production dokku@production.invalid --no-check");

        var result = await home.RunAsync(commandLine);

        Assert.True(exitCode == result.ExitCode, $"exit {result.ExitCode}: {result.Error}");
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Out);
        if (message.Length > 0)
        {
            Assert.Single(result.Error.Trim().Split('\n'));
        }
    }

    /// <summary>Starts a run with `graduate start` (the CLI's identity and input) and returns its handle.</summary>
    private async Task<WorkflowHandle> StartAsync(GraduateHome home, string destination, string queue, string apps, CancellationToken ct, string source = "staging")
    {
        var started = await home.RunAsync($"start {source} {destination} --apps {apps} --task-queue {queue} --json", ct);
        Assert.True(started.ExitCode == ExitCodes.Succeeded, started.Error);
        using var json = JsonDocument.Parse(started.Out);
        var runId = json.RootElement.GetProperty("runId").GetString();
        return fixture.Client.GetWorkflowHandle(json.RootElement.GetProperty("id").GetString()!, runId) with { ResultRunId = runId };
    }

    /// <summary>Completes the stub run with <paramref name="result"/> and waits until it has ended.</summary>
    private static async Task FinishAsync(WorkflowHandle run, string result, CancellationToken ct)
    {
        await run.SignalAsync("finish", [Json(result)], new() { Rpc = new() { CancellationToken = ct } });
        await run.GetResultAsync<JsonElement>(rpcOptions: new() { CancellationToken = ct });
    }

    /// <summary>Writes a tag in the source's state repo as the TagEnvironment activity does.</summary>
    private static async Task TagAsync(SimulatedDokku sim, string tag, string manifest, CancellationToken ct) =>
        (await sim.RunDokkuAsync(sim["staging"], ["graduate:state-tag", tag], manifest, ct)).EnsureSuccess("state-tag " + tag);

    /// <summary>
    /// `history DST --json [flags]` once visibility lists <paramref name="entries"/> entries, none of them still shown
    /// running that has ended (visibility catches up with the runs a moment after they change).
    /// </summary>
    private static Task<CliResult> HistoryWhenListedAsync(GraduateHome home, string destination, string flags, int entries, CancellationToken ct) =>
        Poll.UntilAsync(
            $"history of {destination} listing {entries} entries",
            async token =>
            {
                var result = await home.RunAsync($"history {destination} --json {flags}", token);
                if (result.ExitCode != ExitCodes.Succeeded)
                {
                    return (null, $"exit {result.ExitCode}: {result.Error}");
                }

                using var json = JsonDocument.Parse(result.Out);
                var outcomes = json.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("outcome").GetString()).ToList();
                var settled = outcomes.Count == entries && outcomes.Skip(1).All(o => o != "running");
                return (settled ? result : null, string.Join(", ", outcomes));
            },
            VisibilityDeadline,
            ct,
            TimeSpan.FromMilliseconds(500));

    private static IEnumerable<(string Name, string? Sha, string? PreviousSha, string? State)> Apps(JsonElement entry) =>
        entry.GetProperty("apps").EnumerateArray().Select(a => (
            a.GetProperty("name").GetString()!,
            a.GetProperty("sha").GetString(),
            a.GetProperty("previousSha").GetString(),
            a.GetProperty("state").GetString()));

    private static void AssertInOrder(string text, params string[] parts)
    {
        var at = 0;
        foreach (var part in parts)
        {
            var found = text.IndexOf(part, at, StringComparison.Ordinal);
            Assert.True(found >= 0, $"'{part}' does not follow in order in:\n{text}");
            at = found + part.Length;
        }
    }

    private static string RunIdOf(WorkflowHandle run) => run.RunId ?? run.ResultRunId!;

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>A made-up but well-formed release sha per name.</summary>
    private static string Sha(string name) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..40];
}
