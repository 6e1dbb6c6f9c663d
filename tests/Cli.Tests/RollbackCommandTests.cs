using System.Text.Json;
using Graduate.Testing;
using Temporalio.Exceptions;
using Xunit.Abstractions;

namespace Graduate.Cli.Tests;

/// <summary>
/// `graduate rollback`: its refusals before any connection, the tags it reads and picks, the plan it shows and the
/// question it asks in a terminal, and the input it starts the Graduation workflow with (the stub worker).
/// Simulated staging (whose state repository holds production's tags) and production (on v2).
/// </summary>
[Collection(CliTemporalCollection.Name)]
public sealed class RollbackCommandTests(CliTemporalFixture fixture, ITestOutputHelper output)
{
    [Theory]
    [InlineData("rollback nowhere", ExitCodes.ConfigurationError, "Unknown environment 'nowhere'")]
    [InlineData("rollback $(id)", ExitCodes.UsageError, "$(id)")]
    [InlineData("rollback production --to production/../../etc", ExitCodes.UsageError, "production/../../etc")]
    [InlineData("rollback production --to staging/20260101120000", ExitCodes.UsageError, "is not a tag of production")]
    [InlineData("rollback production --from production", ExitCodes.UsageError, "is the environment being rolled back")]
    [InlineData("rollback production --from nowhere", ExitCodes.ConfigurationError, "Unknown environment 'nowhere'")]
    [InlineData("rollback production --apps portal;rm", ExitCodes.UsageError, "portal;rm")]
    [InlineData("rollback staging", ExitCodes.UsageError, "staging is the first environment in graduate.yml")]
    public async Task Rollback_BadInput_RefusedBeforeAnyConnection(string commandLine, int exitCode, string message)
    {
        // The hosts do not exist: reaching one would fail with Unreachable, not the code expected.
        using var home = new GraduateHome();
        await home.RunAsync("env add staging dokku@staging.invalid --no-check");
        await home.RunAsync("env add production dokku@production.invalid --no-check");

        var result = await home.RunAsync(commandLine);

        Assert.True(exitCode == result.ExitCode, $"exit {result.ExitCode}: {result.Error}");
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Rollback_Tags_PicksTheOneBeforeTheNewestShowsWhatItUndoesAndStartsOnlyOnYes()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ct = cts.Token;
        await using var sim = await SimulatedDokku.StartAsync(["staging", "production"], ct);
        await sim.SeedExampleAsync(ct);
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var destination = "prod-" + suffix;
        using var home = new GraduateHome()
            .Set("TEMPORAL_ADDRESS", fixture.Server.Address)
            .Set("GRADUATE_SSH_CONFIG", sim.ClientSshConfigPath);
        home.WriteConfig($"""
            environments:
              staging: {sim.SshUser}@{sim["staging"].Alias}
              {destination}: {sim.SshUser}@{sim["production"].Alias}
            hooks:
              post:
                - ./migrate
            """);
        var queue = "--task-queue " + fixture.TaskQueue;

        // No state repository on staging yet: said, with what to run.
        var noRepo = await home.RunAsync($"rollback {destination} --yes {queue}", ct);
        Assert.True(noRepo.ExitCode == ExitCodes.ConfigurationError, noRepo.Error);
        Assert.Contains("graduate state init staging", noRepo.Error, StringComparison.Ordinal);

        (await sim.RunDokkuAsync(sim["staging"], ct, "graduate:state-init")).EnsureSuccess("graduate:state-init");
        var none = await home.RunAsync($"rollback {destination} --yes {queue}", ct);
        Assert.True(none.ExitCode == ExitCodes.UsageError, none.Error);
        Assert.Contains("nothing to roll back to", none.Error, StringComparison.Ordinal);

        // production runs v2 now: its newest tag says so, the one before it says v1.
        foreach (var app in new[] { "portal", "webservices" })
        {
            await sim.DeployAsync(sim["production"], app, "v2", ct);
        }

        var older = $"{destination}/20260101120000";
        var newer = $"{destination}/20260102120000";
        await TagAsync(sim, older, "v1", ct);
        var one = await home.RunAsync($"rollback {destination} --yes {queue}", ct);
        Assert.True(one.ExitCode == ExitCodes.UsageError, one.Error);
        Assert.Contains($"only one state tag ({older})", one.Error, StringComparison.Ordinal);
        await TagAsync(sim, newer, "v2", ct);

        var unknown = await home.RunAsync($"rollback {destination} --to {destination}/20250101000000 --yes {queue}", ct);
        Assert.True(unknown.ExitCode == ExitCodes.UsageError, unknown.Error);
        Assert.Contains($"Unknown tag '{destination}/20250101000000'", unknown.Error, StringComparison.Ordinal);
        Assert.Contains(newer, unknown.Error, StringComparison.Ordinal);

        var no = await home.RunInTerminalAsync($"rollback {destination} {queue}", "n\n", ct);
        output.WriteLine(no.Out + no.Error);
        Assert.True(no.ExitCode == ExitCodes.Declined, no.Error);
        Assert.Contains($"Plan: roll {destination} back to {older}", no.Out, StringComparison.Ordinal);
        Assert.Contains("Apps to roll back", no.Out, StringComparison.Ordinal);
        Assert.Contains("Commits undone", no.Out, StringComparison.Ordinal);
        Assert.Contains("portal v2", no.Out, StringComparison.Ordinal);
        Assert.Contains("Continue? [y/N]", no.Out, StringComparison.Ordinal);
        Assert.Contains("Nothing started", no.Error, StringComparison.Ordinal);
        await Assert.ThrowsAsync<RpcException>(() => fixture.Client.GetWorkflowHandle("graduate-" + destination).DescribeAsync());

        var started = await home.RunAsync($"rollback {destination} --apps portal --no-hooks --json {queue}", ct);
        Assert.True(started.ExitCode == ExitCodes.Succeeded, started.Error);
        using var answer = JsonDocument.Parse(started.Out);
        Assert.Equal(older, answer.RootElement.GetProperty("rollbackTo").GetString());
        var history = await fixture.Client.GetWorkflowHandle("graduate-" + destination).FetchHistoryAsync(new() { Rpc = new() { CancellationToken = ct } });
        var payload = history.Events.First().WorkflowExecutionStartedEventAttributes.Input.Payloads_[0].Data.ToStringUtf8();
        using var input = JsonDocument.Parse(payload);
        Assert.Equal(older, input.RootElement.GetProperty("rollbackTo").GetString());
        Assert.Equal(["portal"], input.RootElement.GetProperty("apps").EnumerateArray().Select(a => a.GetString()));
        Assert.False(input.RootElement.TryGetProperty("postHooks", out var hooks) && hooks.ValueKind == JsonValueKind.Array && hooks.GetArrayLength() > 0);

        var again = await home.RunAsync($"rollback {destination} --yes {queue}", ct);
        Assert.True(again.ExitCode == ExitCodes.UsageError, again.Error);
        Assert.Contains($"A graduation or rollback of {destination} is already running", again.Error, StringComparison.Ordinal);
        await home.RunAsync($"cancel {destination}", ct);
    }

    /// <summary>The tag a graduation of both apps at <paramref name="version"/> would have written in staging's state repository.</summary>
    private static async Task TagAsync(SimulatedDokku sim, string tag, string version, CancellationToken ct)
    {
        var apps = new List<object>();
        foreach (var app in new[] { "portal", "webservices" })
        {
            apps.Add(new { name = app, sha = await sim.ShaAsync(app, version, ct) });
        }

        (await sim.RunDokkuAsync(sim["staging"], ["graduate:state-tag", tag], JsonSerializer.Serialize(new { apps }), ct)).EnsureSuccess("graduate:state-tag " + tag);
    }
}
