using System.Text.Json;
using Graduate.Testing;

namespace Graduate.DokkuHosts.Tests;

/// <summary>The environment state repo: the dokku home as a git repo plus config/settings snapshots, and its tags.</summary>
public sealed class StateRepoTests(StateHostFixture fixture) : IClassFixture<StateHostFixture>
{
    private SimulatedDokku Sim => fixture.Sim;

    private SimulatedHost Host => fixture.Host;

    [Fact]
    public async Task StateInit_FreshHost_RepoIsCleanAndIgnoresSecrets()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = cts.Token;

        var init = Json.Parse((await Sim.RunDokkuAsync(Host, ct, "graduate:state-init")).EnsureSuccess("state-init").StandardOutput);

        Assert.Equal("true", Json.Text(init, "clean"));
        Assert.True(Directory.Exists(Path.Combine(Host.DokkuRoot, ".git")));
        var status = await StatusAsync(ct);
        Assert.Equal("true", Json.Text(status, "clean"));
        Assert.Contains("/.ssh/", await File.ReadAllTextAsync(Path.Combine(Host.DokkuRoot, ".gitignore"), ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StateStatus_ConfigChangedAndFileAdded_ListsDirtyPaths()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = cts.Token;
        (await Sim.RunDokkuAsync(Host, ct, "graduate:state-init")).EnsureSuccess("state-init");
        (await Sim.RunDokkuAsync(Host, ct, "apps:create", "stateful")).EnsureSuccess("apps:create");
        (await Sim.RunDokkuAsync(Host, ["graduate:state-commit"], "stateful app", ct)).EnsureSuccess("state-commit");
        Assert.Equal("true", Json.Text(await StatusAsync(ct), "clean"));

        (await Sim.RunDokkuAsync(Host, ct, "config:set", "--no-restart", "stateful", "MAILER_ADDRESS=ops@example.com")).EnsureSuccess("config:set");
        var status = await StatusAsync(ct);

        Assert.Equal("false", Json.Text(status, "clean"));
        var dirty = status.GetProperty("dirty").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains(".graduate/apps/stateful/config.json", dirty);

        (await Sim.RunDokkuAsync(Host, ["graduate:state-commit"], "mailer", ct)).EnsureSuccess("state-commit");
        Assert.Equal("true", Json.Text(await StatusAsync(ct), "clean"));
    }

    [Fact]
    public async Task StateTags_EnvNameIsPrefixOfAnother_MatchIsAnchoredAndNewestFirst()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = cts.Token;
        (await Sim.RunDokkuAsync(Host, ct, "graduate:state-init")).EnsureSuccess("state-init");
        const string manifest = "{\"apps\": {\"portal\": \"abc\"},\n# not a comment\n \"note\": \"multi-line \\\"quoted\\\"\"}";
        (await Sim.RunDokkuAsync(Host, ["graduate:state-tag", "prod/20260101000000"], manifest, ct)).EnsureSuccess("state-tag");
        (await Sim.RunDokkuAsync(Host, ["graduate:state-tag", "preprod/20260102000000"], "pre", ct)).EnsureSuccess("state-tag");
        (await Sim.RunDokkuAsync(Host, ["graduate:state-tag", "prod/20260103000000"], "second", ct)).EnsureSuccess("state-tag");

        var prod = await TagsAsync("prod", ct);
        var preprod = await TagsAsync("preprod", ct);

        Assert.Equal(["prod/20260103000000", "prod/20260101000000"], prod.Select(t => t.Tag));
        Assert.Equal(manifest, prod[1].Message);
        Assert.Equal(["preprod/20260102000000"], preprod.Select(t => t.Tag));
        Assert.Empty(await TagsAsync("pro", ct));
    }

    [Fact]
    public async Task StateTag_SameTagTwice_IsIdempotentAndBadNamesRefused()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var ct = cts.Token;
        (await Sim.RunDokkuAsync(Host, ct, "graduate:state-init")).EnsureSuccess("state-init");

        var first = await Sim.RunDokkuAsync(Host, ["graduate:state-tag", "uat/20260101000000"], "m", ct);
        var second = await Sim.RunDokkuAsync(Host, ["graduate:state-tag", "uat/20260101000000"], "m", ct);
        var bad = await Sim.RunDokkuAsync(Host, ["graduate:state-tag", "uat/../x"], "m", ct);

        first.EnsureSuccess("first tag");
        second.EnsureSuccess("second tag");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.StartsWith(" !     Invalid tag", bad.StandardError, StringComparison.Ordinal);
    }

    private async Task<JsonElement> StatusAsync(CancellationToken ct) =>
        Json.Parse((await Sim.RunDokkuAsync(Host, ct, "graduate:state-status")).EnsureSuccess("state-status").StandardOutput);

    private async Task<List<(string Tag, string Message)>> TagsAsync(string environment, CancellationToken ct)
    {
        var tags = Json.Parse((await Sim.RunDokkuAsync(Host, ct, "graduate:state-tags", environment)).EnsureSuccess("state-tags").StandardOutput);
        return [.. tags.EnumerateArray().Select(t => (t.GetProperty("tag").GetString()!, t.GetProperty("message").GetString()!))];
    }
}
