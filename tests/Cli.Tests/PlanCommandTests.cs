using System.Text.Json;
using Graduate.Testing;
using Temporalio.Exceptions;
using Xunit.Abstractions;

namespace Graduate.Cli.Tests;

/// <summary>
/// `graduate plan` and the question `graduate start` asks in a terminal, against simulated staging (v2) and
/// production (v1) hosts; the start cases use the stub Graduation worker.
/// </summary>
[Collection(CliTemporalCollection.Name)]
public sealed class PlanCommandTests(CliTemporalFixture fixture, ITestOutputHelper output)
{
    private static readonly string[] ReadOnlyCommands = ["graduate:report", "graduate:state-tags", "graduate:commits"];

    private static readonly string[] Hosts = ["staging", "production"];

    private static readonly string[] Answers = ["no", "yes", "flag", "pipe"];

    [Fact]
    public async Task Plan_SeededExampleWithDrift_ShowsCommitsSkippedDriftAndChangesNothing()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ct = cts.Token;
        await using var sim = await SimulatedDokku.StartAsync(["staging", "production"], ct);
        await sim.SeedExampleAsync(ct);
        // webservices: production already runs staging's release. portal: keys set on one side only.
        await sim.DeployAsync(sim["production"], "webservices", "v2", ct);
        (await sim.RunDokkuAsync(sim["staging"], ct, "config:set", "--no-restart", "portal", "MAILER_ADDRESS=ops@example.com", "SENTRY_ENV=staging")).EnsureSuccess("config:set");
        (await sim.RunDokkuAsync(sim["production"], ct, "config:set", "--no-restart", "portal", "CDN_HOST=cdn.example.com")).EnsureSuccess("config:set");
        using var home = new GraduateHome().Set("GRADUATE_SSH_CONFIG", sim.ClientSshConfigPath);
        home.WriteConfig($"""
            environments:
              staging: {sim.SshUser}@{sim["staging"].Alias}
              production:
                url: {sim.SshUser}@{sim["production"].Alias}
                environmentSpecificConfig: [SENTRY_ENV]
            hooks:
              post:
                - ./migrate
            """);
        var reportsBefore = await ReportsAsync(sim, ct);
        var logsBefore = CommandLogLengths(sim);

        var plan = await home.RunAsync("plan staging production --json", ct);
        var table = await home.RunAsync("plan staging production", ct);
        output.WriteLine(table.Out + table.Error);

        Assert.True(plan.ExitCode == ExitCodes.Succeeded, plan.Error);
        using var json = JsonDocument.Parse(plan.Out);
        var root = json.RootElement;
        var v1 = await sim.ShaAsync("portal", "v1", ct);
        var v2 = await sim.ShaAsync("portal", "v2", ct);
        var portal = Assert.Single(root.GetProperty("apps").EnumerateArray());
        Assert.Equal("portal", portal.GetProperty("app").GetString());
        Assert.Equal(v1, portal.GetProperty("live").GetString());
        Assert.Equal(v2, portal.GetProperty("promote").GetString());
        var commits = portal.GetProperty("commits");
        Assert.Equal(1, commits.GetProperty("count").GetInt32());
        var commit = Assert.Single(commits.GetProperty("list").EnumerateArray());
        Assert.Equal("portal v2", commit.GetProperty("subject").GetString());
        Assert.Equal("sim <sim@localhost>", commit.GetProperty("author").GetString());
        var skipped = Assert.Single(root.GetProperty("skipped").EnumerateArray());
        Assert.Equal("webservices", skipped.GetProperty("app").GetString());
        Assert.Equal(await sim.ShaAsync("webservices", "v2", ct), skipped.GetProperty("release").GetString());
        Assert.Empty(root.GetProperty("refused").EnumerateArray());
        var drift = Assert.Single(root.GetProperty("configDrift").EnumerateArray());
        Assert.Equal("portal", drift.GetProperty("app").GetString());
        Assert.Equal(["MAILER_ADDRESS"], drift.GetProperty("missingOnDestination").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(["CDN_HOST"], drift.GetProperty("missingOnSource").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(["./migrate"], root.GetProperty("hooks").GetProperty("post").EnumerateArray().Select(h => h.GetString()));
        Assert.Contains("MAILER_ADDRESS", Assert.Single(root.GetProperty("blockers").EnumerateArray()).GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("ops@example.com", plan.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("cdn.example.com", plan.Out, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Succeeded, table.ExitCode);
        Assert.Contains("portal v2 (sim <sim@localhost>)", table.Out, StringComparison.Ordinal);
        Assert.Contains("Skipped webservices", table.Out, StringComparison.Ordinal);
        Assert.Contains("MAILER_ADDRESS", table.Out, StringComparison.Ordinal);

        Assert.Equal(reportsBefore, await ReportsAsync(sim, ct));
        foreach (var (host, before) in logsBefore)
        {
            var newCommands = File.ReadAllLines(CommandLog(sim, host)).Skip(before).Select(l => l.Split(' ', 4)[3]).ToList();
            Assert.NotEmpty(newCommands);
            Assert.All(newCommands, c => Assert.Contains(ReadOnlyCommands, r => c.StartsWith(r, StringComparison.Ordinal)));
        }
    }

    [Theory]
    [InlineData("plan staging nowhere", ExitCodes.ConfigurationError, "Unknown environment 'nowhere'")]
    [InlineData("plan staging $(id)", ExitCodes.UsageError, "$(id)")]
    [InlineData("plan staging staging", ExitCodes.UsageError, "both 'staging'")]
    [InlineData("plan staging production --apps portal;rm", ExitCodes.UsageError, "portal;rm")]
    [InlineData("plan staging", ExitCodes.UsageError, "")]
    public async Task Plan_BadInput_RefusedBeforeAnyConnection(string commandLine, int exitCode, string message)
    {
        // The hosts do not exist: reaching one would fail with Unreachable, not the code expected.
        using var home = new GraduateHome();
        await home.RunAsync("env add staging dokku@staging.invalid --no-check");
        await home.RunAsync("env add production dokku@production.invalid --no-check");

        var result = await home.RunAsync(commandLine);

        Assert.True(exitCode == result.ExitCode, $"exit {result.ExitCode}: {result.Error}");
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        if (exitCode != ExitCodes.UsageError || message.Length > 0)
        {
            Assert.Single(result.Error.Trim().Split('\n'));
        }
    }

    [Fact]
    public async Task Start_InTerminal_ShowsThePlanAndStartsOnlyOnYes()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ct = cts.Token;
        await using var sim = await SimulatedDokku.StartAsync(["staging", "production"], ct);
        await sim.SeedExampleAsync(ct);
        var suffix = Guid.NewGuid().ToString("N")[..6];
        using var home = new GraduateHome()
            .Set("TEMPORAL_ADDRESS", fixture.Server.Address)
            .Set("GRADUATE_SSH_CONFIG", sim.ClientSshConfigPath);
        var destinations = Answers.ToDictionary(d => d, d => $"asked-{d}-{suffix}");
        home.WriteConfig("environments:\n" + $"  staging: {sim.SshUser}@{sim["staging"].Alias}\n" +
            string.Concat(destinations.Values.Select(d => $"  {d}: {sim.SshUser}@{sim["production"].Alias}\n")));
        var queue = "--task-queue " + fixture.TaskQueue;

        var no = await home.RunInTerminalAsync($"start staging {destinations["no"]} {queue}", "n\n", ct);
        var yes = await home.RunInTerminalAsync($"start staging {destinations["yes"]} {queue}", "y\n", ct);
        var flag = await home.RunInTerminalAsync($"start staging {destinations["flag"]} --yes {queue}", "", ct);
        var pipe = await home.RunAsync($"start staging {destinations["pipe"]} {queue}", ct);
        output.WriteLine(no.Out + no.Error + yes.Out + yes.Error);

        Assert.True(no.ExitCode == ExitCodes.Declined, no.Error);
        Assert.Contains("Continue? [y/N]", no.Out, StringComparison.Ordinal);
        Assert.Contains("Apps to promote", no.Out, StringComparison.Ordinal);
        Assert.Contains("portal v2", no.Out, StringComparison.Ordinal);
        Assert.Contains("Nothing started", no.Error, StringComparison.Ordinal);
        await Assert.ThrowsAsync<RpcException>(() => fixture.Client.GetWorkflowHandle("graduate-" + destinations["no"]).DescribeAsync());

        Assert.True(yes.ExitCode == ExitCodes.Succeeded, yes.Error);
        Assert.Contains("Continue? [y/N]", yes.Out, StringComparison.Ordinal);
        Assert.Contains($"Started graduation staging -> {destinations["yes"]}", yes.Out, StringComparison.Ordinal);

        foreach (var unasked in new[] { flag, pipe })
        {
            Assert.True(unasked.ExitCode == ExitCodes.Succeeded, unasked.Error);
            Assert.DoesNotContain("Continue?", unasked.Out, StringComparison.Ordinal);
            Assert.Contains("Started graduation", unasked.Out, StringComparison.Ordinal);
        }

        foreach (var started in new[] { "yes", "flag", "pipe" })
        {
            await home.RunAsync($"cancel {destinations[started]}", ct);
        }
    }

    private static string CommandLog(SimulatedDokku sim, string host) => Path.Combine(sim[host].Root, "run", "commands.log");

    private static Dictionary<string, int> CommandLogLengths(SimulatedDokku sim) =>
        Hosts.ToDictionary(h => h, h => File.Exists(CommandLog(sim, h)) ? File.ReadAllLines(CommandLog(sim, h)).Length : 0);

    private static async Task<string> ReportsAsync(SimulatedDokku sim, CancellationToken ct)
    {
        var staging = await sim.RunDokkuAsync(sim["staging"], ct, "graduate:report");
        var production = await sim.RunDokkuAsync(sim["production"], ct, "graduate:report");
        return staging.StandardOutput + production.StandardOutput;
    }
}
