using System.Text.Json;
using Graduate.Testing;
using Xunit.Abstractions;

namespace Graduate.Cli.Tests;

/// <summary>
/// The whole product through the CLI only: environments checked over real ssh, the state repo initialised,
/// a POST hook, `graduate worker` (the real Graduation workflow and activities) and `graduate start --wait`
/// against simulated staging (v2) and production (v1) hosts.
/// </summary>
[Collection(CliTemporalCollection.Name)]
public sealed class CliGraduationTests(CliTemporalFixture fixture, ITestOutputHelper output)
{
    private const string Migrate = "ssh dokku@$ENVIRONMENT_URL run --no-tty portal ./migrate";

    [Fact]
    public async Task StartWait_SeededExampleWithWorkerCommand_GraduatesBothAppsAndExitsSucceeded()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var ct = cts.Token;
        await using var sim = await SimulatedDokku.StartAsync(["staging", "production"], ct);
        await sim.SeedExampleAsync(ct);
        using var home = new GraduateHome()
            .Set("TEMPORAL_ADDRESS", fixture.Server.Address)
            .Set("GRADUATE_SSH_CONFIG", sim.ClientSshConfigPath);
        var queue = "--task-queue cli-e2e-" + Guid.NewGuid().ToString("N")[..8];

        await AssertSucceedsAsync(home, $"env add staging {sim.SshUser}@{sim["staging"].Alias}", ct);
        await AssertSucceedsAsync(home, $"env add production {sim.SshUser}@{sim["production"].Alias}", ct);
        await AssertSucceedsAsync(home, "state init staging", ct);
        var state = await AssertSucceedsAsync(home, "state status staging --json", ct);
        using (var clean = JsonDocument.Parse(state.Out))
        {
            Assert.True(clean.RootElement.GetProperty("clean").GetBoolean(), state.Out);
        }

        Assert.Equal(0, (await home.RunAsync(["hooks", "add", "POST", Migrate])).ExitCode);
        using var stopWorker = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var worker = home.RunAsync("worker " + queue, stopWorker.Token);

        var graduation = await home.RunAsync($"start staging production --wait {queue}", ct);
        var status = await home.RunAsync("status production", ct);
        await stopWorker.CancelAsync();
        var workerResult = await worker;
        output.WriteLine(graduation.Out + graduation.Error);
        output.WriteLine(status.Out + status.Error);

        Assert.True(graduation.ExitCode == ExitCodes.Succeeded, graduation.Out + graduation.Error + workerResult.Error);
        Assert.Contains("Started graduation staging -> production: graduate-production", graduation.Out, StringComparison.Ordinal);
        Assert.Contains("graduate-production: completed", graduation.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Succeeded, workerResult.ExitCode);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        foreach (var app in new[] { "portal", "webservices" })
        {
            using var answer = JsonDocument.Parse(await http.GetStringAsync(sim["production"].PublicUrl(app), ct));
            Assert.Equal("v2", answer.RootElement.GetProperty("version").GetString());
        }

        Assert.Equal(ExitCodes.Succeeded, status.ExitCode);
        Assert.Contains("phase: completed", status.Out, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("migrated schema 1 -> 2", status.Out, StringComparison.Ordinal);

        // history joins the run's result with the tag the real TagEnvironment activity wrote in staging's state repo.
        var history = await Poll.UntilAsync(
            "history to list the graduation as completed",
            async token =>
            {
                var listed = await home.RunAsync("history production --json", token);
                using var json = JsonDocument.Parse(listed.Out.Length > 0 ? listed.Out : "{}");
                var newest = json.RootElement.TryGetProperty("entries", out var entries) && entries.GetArrayLength() > 0 ? entries[0].GetProperty("outcome").GetString() : null;
                return (newest == "completed" ? listed : null, $"exit {listed.ExitCode}, newest {newest ?? "none"}: {listed.Error}");
            },
            TimeSpan.FromSeconds(60),
            ct,
            TimeSpan.FromMilliseconds(500));
        output.WriteLine(history.Out);
        Assert.Empty(history.Error);
        using var historyJson = JsonDocument.Parse(history.Out);
        Assert.True(historyJson.RootElement.GetProperty("tagsRead").GetBoolean());
        var entries = historyJson.RootElement.GetProperty("entries").EnumerateArray().ToList();
        var run = entries[0];
        var tag = run.GetProperty("tag").GetString()!;
        Assert.Matches(@"\Aproduction/[0-9]{14}\z", tag);
        Assert.Single(entries, e => e.GetProperty("tag").GetString() == tag);
        Assert.Equal("graduation", run.GetProperty("kind").GetString());
        Assert.Equal("staging", run.GetProperty("source").GetString());
        Assert.Contains("/workflows/graduate-production/", run.GetProperty("url").GetString(), StringComparison.Ordinal);
        foreach (var app in new[] { "portal", "webservices" })
        {
            var listedApp = Assert.Single(run.GetProperty("apps").EnumerateArray(), a => a.GetProperty("name").GetString() == app);
            Assert.Equal(await sim.ShaAsync(app, "v2", ct), listedApp.GetProperty("sha").GetString());
            Assert.Equal(await sim.ShaAsync(app, "v1", ct), listedApp.GetProperty("previousSha").GetString());
            Assert.Equal("live", listedApp.GetProperty("state").GetString());
        }
    }

    private static async Task<CliResult> AssertSucceedsAsync(GraduateHome home, string commandLine, CancellationToken ct)
    {
        var result = await home.RunAsync(commandLine, ct);
        Assert.True(result.ExitCode == ExitCodes.Succeeded, $"`graduate {commandLine}` exited {result.ExitCode}: {result.Error}{result.Out}");
        return result;
    }
}
