using Graduate.Testing;

namespace Graduate.DokkuHosts.Tests;

/// <summary>The graduate plugin's simpler commands and its argument checks, on one host.</summary>
public sealed class PluginCommandTests(SingleHostFixture fixture) : IClassFixture<SingleHostFixture>
{
    private SimulatedDokku Sim => fixture.Sim;

    private SimulatedHost Host => fixture.Host;

    [Fact]
    public async Task Version_Installed_PrintsGraduateSemver()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);

        var version = await Sim.RunDokkuAsync(Host, cts.Token, "graduate:version");

        Assert.Matches(@"^graduate \d+\.\d+\.\d+\n$", version.EnsureSuccess("graduate:version").StandardOutput);
    }

    [Fact]
    public async Task Key_Twice_PrintsTheDokkuUsersPublicKey()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
        var ct = cts.Token;

        var first = (await Sim.RunDokkuAsync(Host, ct, "graduate:key")).EnsureSuccess("graduate:key").StandardOutput;
        var second = (await Sim.RunDokkuAsync(Host, ct, "graduate:key")).EnsureSuccess("graduate:key").StandardOutput;

        Assert.StartsWith("ssh-ed25519 ", first, StringComparison.Ordinal);
        Assert.Equal(first, second);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(Host.DokkuRoot, ".ssh", "id_ed25519.pub"), ct), first);
    }

    [Fact]
    public async Task Push_CommitNotInTheAppRepository_RefusedWithoutStartingAJob()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
        var ct = cts.Token;
        (await Sim.RunDokkuAsync(Host, ct, "apps:create", "pusher")).EnsureSuccess("apps:create");

        var push = await Sim.RunDokkuAsync(Host, ct, "graduate:push", "g-missing", "pusher", new string('a', 40), Sim.GitRemote(Host, "pusher"));
        var jobs = await Sim.RunDokkuAsync(Host, ct, "graduate:jobs", "g-missing");

        Assert.Equal(1, push.ExitCode);
        Assert.StartsWith(" !     Commit aaaaaaa", push.StandardError, StringComparison.Ordinal);
        Assert.Equal("{}", jobs.EnsureSuccess("graduate:jobs").StandardOutput.Trim());
    }

    [Theory]
    [InlineData("graduate:arm", "bad gid!", "60", "app")]
    [InlineData("graduate:arm", "g1", "0", "app")]
    [InlineData("graduate:arm", "g1", "60", "Bad_App")]
    [InlineData("graduate:push", "g1", "app", "not-a-sha", "dokku@host:app")]
    [InlineData("graduate:push", "g1", "app", "abcdef1", "host;rm -rf /")]
    [InlineData("graduate:state-tags", "../etc")]
    [InlineData("graduate:job-log", "g1", "push-app", "0")]
    public async Task Command_InvalidArgument_RefusedWithDokkuStyleError(params string[] arguments)
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);

        var result = await Sim.RunDokkuAsync(Host, arguments, null, cts.Token);

        Assert.NotEqual(0, result.ExitCode);
        Assert.StartsWith(" !     Invalid", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hook_SameJobTwice_RunsOnceAndKeepsItsLog()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
        var ct = cts.Token;

        var first = await Sim.RunDokkuAsync(Host, ["graduate:hook", "g-hook", "pre-check"], "echo \"line one\"\necho line two\nexit 3\n", ct);
        var second = await Sim.RunDokkuAsync(Host, ["graduate:hook", "g-hook", "pre-check"], "echo other\n", ct);
        var job = await Poll.UntilAsync<string>(
            "hook pre-check to finish",
            async token =>
            {
                var jobs = Json.Parse((await Sim.RunDokkuAsync(Host, token, "graduate:jobs", "g-hook")).EnsureSuccess("graduate:jobs").StandardOutput);
                var state = Json.Text(jobs, "pre-check", "state");
                return (state is "failed" or "succeeded" ? jobs.GetProperty("pre-check").GetRawText() : null, state ?? "no job");
            },
            TimeSpan.FromSeconds(20),
            ct,
            TimeSpan.FromMilliseconds(150));

        Assert.Equal("true", Json.Text(Json.Parse(first.EnsureSuccess("first hook").StandardOutput), "created"));
        Assert.Equal("false", Json.Text(Json.Parse(second.EnsureSuccess("second hook").StandardOutput), "created"));
        var status = Json.Parse(job);
        Assert.Equal(("failed", "3", "2"), (Json.Text(status, "state"), Json.Text(status, "exitCode"), Json.Text(status, "logLines")));
        Assert.Equal("line two\n", (await Sim.RunDokkuAsync(Host, ct, "graduate:job-log", "g-hook", "pre-check", "2")).EnsureSuccess("job-log").StandardOutput);
    }
}
