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
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
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
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
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
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
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
    public async Task StateStatus_LastTag_IsTheEnvironmentsNewestTagOrNull()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
        var ct = cts.Token;
        (await Sim.RunDokkuAsync(Host, ct, "graduate:state-init")).EnsureSuccess("state-init");
        (await Sim.RunDokkuAsync(Host, ["graduate:state-tag", "qa/20260101000000"], "first", ct)).EnsureSuccess("state-tag");
        (await Sim.RunDokkuAsync(Host, ["graduate:state-tag", "qa/20260102000000"], "second", ct)).EnsureSuccess("state-tag");

        var tagged = Json.Parse((await Sim.RunDokkuAsync(Host, ct, "graduate:state-status", "--last-tag", "qa")).EnsureSuccess("state-status").StandardOutput);
        var untagged = Json.Parse((await Sim.RunDokkuAsync(Host, ct, "graduate:state-status", "--last-tag", "q")).EnsureSuccess("state-status").StandardOutput);

        Assert.Equal("qa/20260102000000", tagged.GetProperty("lastTag").GetProperty("tag").GetString());
        Assert.Equal("second", tagged.GetProperty("lastTag").GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, untagged.GetProperty("lastTag").ValueKind);
        Assert.Equal(JsonValueKind.Array, untagged.GetProperty("dirty").ValueKind);
    }

    [Fact]
    public async Task StateTag_SameTagTwice_IsIdempotentAndBadNamesRefused()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
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

    [Fact]
    public async Task StateCommit_ConfigValue_RepoHoldsKeyNameAndKeyedHashButNeverTheValue()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
        var ct = cts.Token;
        var secret = "s3cret-" + Guid.NewGuid().ToString("N");
        (await Sim.RunDokkuAsync(Host, ct, "graduate:state-init")).EnsureSuccess("state-init");
        (await Sim.RunDokkuAsync(Host, ct, "apps:create", "hashed")).EnsureSuccess("apps:create");
        (await Sim.RunDokkuAsync(Host, ct, "config:set", "--no-restart", "hashed", $"API_TOKEN={secret}", "GIT_REV=abc1234")).EnsureSuccess("config:set");
        (await Sim.RunDokkuAsync(Host, ["graduate:state-commit"], "hashed app", ct)).EnsureSuccess("state-commit");

        var config = Json.Parse(await File.ReadAllTextAsync(Path.Combine(Host.DokkuRoot, ".graduate", "apps", "hashed", "config.json"), ct));
        Assert.Equal("hmac-sha256", Json.Text(config, "hash"));
        Assert.Equal(Hmac(secret), Json.Text(config, "values", "API_TOKEN"));
        Assert.Null(Json.Text(config, "values", "GIT_REV"));
        Assert.DoesNotContain(secret, await AllGitObjectsAsync(ct), StringComparison.Ordinal);

        // Another value under the same key still makes the environment dirty.
        (await Sim.RunDokkuAsync(Host, ct, "config:set", "--no-restart", "hashed", $"API_TOKEN={secret}-rotated")).EnsureSuccess("config:set");
        Assert.Contains(".graduate/apps/hashed/config.json", Dirty(await StatusAsync(ct)));
        (await Sim.RunDokkuAsync(Host, ["graduate:state-commit"], "rotated", ct)).EnsureSuccess("state-commit");
    }

    [Fact]
    public async Task StateStatus_SettingsChangedOutsideTheHome_SettingsSnapshotDirty()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
        var ct = cts.Token;
        (await Sim.RunDokkuAsync(Host, ct, "graduate:state-init")).EnsureSuccess("state-init");
        (await Sim.RunDokkuAsync(Host, ct, "apps:create", "tuned")).EnsureSuccess("apps:create");
        (await Sim.RunDokkuAsync(Host, ["graduate:state-commit"], "tuned app", ct)).EnsureSuccess("state-commit");
        var settingsPath = Path.Combine(Host.DokkuRoot, ".graduate", "apps", "tuned", "settings.json");
        Assert.Equal("master", Json.Text(Json.Parse(await File.ReadAllTextAsync(settingsPath, ct)), "deployBranch"));

        (await Sim.RunDokkuAsync(Host, ct, "checks:set", "tuned", "wait-to-retire", "30")).EnsureSuccess("checks:set");
        Assert.Contains(".graduate/apps/tuned/settings.json", Dirty(await StatusAsync(ct)));
        (await Sim.RunDokkuAsync(Host, ct, "git:set", "tuned", "deploy-branch", "main")).EnsureSuccess("git:set");
        await StatusAsync(ct);

        var settings = Json.Parse(await File.ReadAllTextAsync(settingsPath, ct));
        Assert.Equal("main", Json.Text(settings, "deployBranch"));
        Assert.Equal("30", Json.Text(settings, "properties", "checks/wait-to-retire"));
        (await Sim.RunDokkuAsync(Host, ["graduate:state-commit"], "tuned", ct)).EnsureSuccess("state-commit");
    }

    [Fact]
    public async Task StateStatus_SettingAddedThenRemovedLeavesAnEmptyPropertyFile_StillClean()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
        var ct = cts.Token;
        (await Sim.RunDokkuAsync(Host, ct, "graduate:state-init")).EnsureSuccess("state-init");
        (await Sim.RunDokkuAsync(Host, ct, "apps:create", "optioned")).EnsureSuccess("apps:create");
        (await Sim.RunDokkuAsync(Host, ["graduate:state-commit"], "optioned app", ct)).EnsureSuccess("state-commit");

        // Real Dokku's docker-options:remove of a phase's last option leaves its property file, empty (found on the
        // lab): the environment is as it was, so the state is clean; a non-empty value is a change.
        var property = Path.Combine(Host.Root, "var", "lib", "dokku", "config", "docker-options", "optioned", "_default_.run");
        Directory.CreateDirectory(Path.GetDirectoryName(property)!);
        await File.WriteAllTextAsync(property, "", ct);
        Assert.Empty(Dirty(await StatusAsync(ct)));
        await File.WriteAllTextAsync(property, "--env=OPTION=1\n", ct);
        Assert.Contains(".graduate/apps/optioned/settings.json", Dirty(await StatusAsync(ct)));
        File.Delete(property);
        Assert.Empty(Dirty(await StatusAsync(ct)));
    }

    [Fact]
    public async Task StateInit_HistoryHoldsConfigValuesOfTheOldFormat_SaysSoAndItsPurgeRemovesThem()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
        var ct = cts.Token;
        var secret = "old-format-" + Guid.NewGuid().ToString("N");
        (await Sim.RunDokkuAsync(Host, ct, "graduate:state-init")).EnsureSuccess("state-init");
        // What graduate 0.1 committed: config:export's values in .graduate/apps/<app>/config.json.
        await AsDokkuAsync(ct, "/bin/sh", "-c", $"mkdir -p .graduate/apps/legacy && printf '%s\\n' '{{\"DATABASE_PASSWORD\":\"{secret}\"}}' >.graduate/apps/legacy/config.json");
        await GitAsDokkuAsync(ct, "add", "-A");
        await GitAsDokkuAsync(ct, "-c", "user.name=old", "-c", "user.email=old@localhost", "commit", "-q", "-m", "graduate 0.1 snapshot");
        (await Sim.RunDokkuAsync(Host, ["graduate:state-tag", "env/20250101000000"], "old tag", ct)).EnsureSuccess("state-tag");

        var init = await Sim.RunDokkuAsync(Host, ct, "graduate:state-init");

        Assert.Equal("true", Json.Text(Json.Parse(init.EnsureSuccess("state-init").StandardOutput), "configValuesInHistory"));
        Assert.StartsWith(" !     The history of ", init.StandardError, StringComparison.Ordinal);
        Assert.Contains("commit the new snapshot with 'dokku graduate:state-commit', then purge them as the dokku user with: ", init.StandardError, StringComparison.Ordinal);

        // Follow the sentence: commit, then run the purge command it gives, as the dokku user.
        (await Sim.RunDokkuAsync(Host, ["graduate:state-commit"], "new snapshot", ct)).EnsureSuccess("state-commit");
        var purge = init.StandardError.Trim().Split("purge them as the dokku user with: ", 2)[1];
        await AsDokkuAsync(ct, "/bin/bash", "-c", purge);
        var again = await Sim.RunDokkuAsync(Host, ct, "graduate:state-init");

        Assert.Equal("false", Json.Text(Json.Parse(again.EnsureSuccess("state-init").StandardOutput), "configValuesInHistory"));
        Assert.DoesNotContain(" !     ", again.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, await AllGitObjectsAsync(ct), StringComparison.Ordinal);
        Assert.Single(await TagsAsync("env", ct));
    }

    private static List<string?> Dirty(JsonElement status) => [.. status.GetProperty("dirty").EnumerateArray().Select(e => e.GetString())];

    private string Hmac(string value)
    {
        var key = Convert.FromHexString(File.ReadAllText(Path.Combine(Host.Root, "var", "lib", "dokku", "data", "graduate", "state-hmac.key")).Trim());
        return Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(key, System.Text.Encoding.UTF8.GetBytes(value)));
    }

    /// <summary>Every object of the state repo (commits, trees, blobs, tags), as text.</summary>
    private Task<string> AllGitObjectsAsync(CancellationToken ct) => AsDokkuAsync(ct, "git", "-C", Host.DokkuRoot, "cat-file", "--batch-all-objects", "--batch");

    private Task<string> GitAsDokkuAsync(CancellationToken ct, params string[] arguments) => AsDokkuAsync(ct, ["git", "-C", Host.DokkuRoot, .. arguments]);

    /// <summary>Runs a command as the hosts' user (root runs the simulated hosts as dokku), so files keep their owner.</summary>
    private async Task<string> AsDokkuAsync(CancellationToken ct, params string[] command)
    {
        string[] line = Environment.UserName == "root" ? ["setpriv", "--reuid=dokku", "--regid=dokku", "--init-groups", "--", .. command] : command;
        var start = new System.Diagnostics.ProcessStartInfo(line[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Host.DokkuRoot };
        foreach (var argument in line.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["HOME"] = Host.DokkuRoot;
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        Assert.True(process.ExitCode == 0, $"{string.Join(' ', command)} exited {process.ExitCode}: {await stderr}");
        return await stdout;
    }

    private async Task<JsonElement> StatusAsync(CancellationToken ct) =>
        Json.Parse((await Sim.RunDokkuAsync(Host, ct, "graduate:state-status")).EnsureSuccess("state-status").StandardOutput);

    private async Task<List<(string Tag, string Message)>> TagsAsync(string environment, CancellationToken ct)
    {
        var tags = Json.Parse((await Sim.RunDokkuAsync(Host, ct, "graduate:state-tags", environment)).EnsureSuccess("state-tags").StandardOutput);
        return [.. tags.EnumerateArray().Select(t => (t.GetProperty("tag").GetString()!, t.GetProperty("message").GetString()!))];
    }
}
