using Graduate.Testing;

namespace Graduate.DokkuHosts.Tests;

/// <summary>The simulated dokku command answers as notes/dokku.md says real Dokku does.</summary>
public sealed class SimulatorBasicsTests(SingleHostFixture fixture) : IClassFixture<SingleHostFixture>
{
    private SimulatedDokku Sim => fixture.Sim;

    private SimulatedHost Host => fixture.Host;

    [Fact]
    public async Task AppsExists_MissingApp_Exits20WithDokkuMessage()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);

        var result = await Sim.RunDokkuAsync(Host, cts.Token, "apps:exists", "nope");

        Assert.Equal(20, result.ExitCode);
        Assert.Contains(" !     App nope does not exist", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppsLocked_LockThenUnlock_ExitCodeFollowsTheLock()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
        var ct = cts.Token;
        (await Sim.RunDokkuAsync(Host, ct, "apps:create", "locky")).EnsureSuccess("apps:create");
        Assert.NotEqual(0, (await Sim.RunDokkuAsync(Host, ct, "apps:locked", "locky")).ExitCode);

        (await Sim.RunDokkuAsync(Host, ct, "apps:lock", "locky")).EnsureSuccess("apps:lock");
        Assert.Equal(0, (await Sim.RunDokkuAsync(Host, ct, "apps:locked", "locky")).ExitCode);
        var report = Json.Parse((await Sim.RunDokkuAsync(Host, ct, "apps:report", "locky", "--format", "json")).StandardOutput);
        Assert.Equal("true", Json.Text(report, "locked"));

        (await Sim.RunDokkuAsync(Host, ct, "apps:unlock", "locky")).EnsureSuccess("apps:unlock");
        Assert.NotEqual(0, (await Sim.RunDokkuAsync(Host, ct, "apps:locked", "locky")).ExitCode);
    }

    [Fact]
    public async Task ChecksReport_WebDisabled_ListedInJsonAndArmRefused()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
        var ct = cts.Token;
        (await Sim.RunDokkuAsync(Host, ct, "apps:create", "unchecked")).EnsureSuccess("apps:create");
        var before = Json.Parse((await Sim.RunDokkuAsync(Host, ct, "checks:report", "unchecked", "--format", "json")).StandardOutput);
        Assert.Equal("none", Json.Text(before, "disabled-list"));

        (await Sim.RunDokkuAsync(Host, ct, "checks:disable", "unchecked", "web")).EnsureSuccess("checks:disable");

        var after = Json.Parse((await Sim.RunDokkuAsync(Host, ct, "checks:report", "unchecked", "--format", "json")).StandardOutput);
        Assert.Equal("web", Json.Text(after, "disabled-list"));
        Assert.Null(Json.Text(after, "checks-disabled-list")); // as Dokku v0.38.27: checks:report JSON has only trimmed keys
        Assert.Equal("web", (await Sim.RunDokkuAsync(Host, ct, "checks:report", "unchecked", "--checks-disabled-list")).StandardOutput.Trim());
        var arm = await Sim.RunDokkuAsync(Host, ct, "graduate:arm", "g-unchecked", "60", "unchecked");
        Assert.NotEqual(0, arm.ExitCode);
        Assert.Contains("Checks are disabled", arm.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reports_DeployedApp_JsonFieldsAsNotesSay()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
        var ct = cts.Token;
        (await Sim.RunDokkuAsync(Host, ct, "apps:create", "reported")).EnsureSuccess("apps:create");
        var sha = await Sim.ShaAsync("webservices", "v1", ct);
        (await Sim.PushAsync(Host, "webservices", "v1", "reported", force: false, ct)).EnsureSuccess("git push");

        var apps = Json.Parse((await Sim.RunDokkuAsync(Host, ct, "apps:report", "reported", "--format", "json")).StandardOutput);
        Assert.Equal("git-push", Json.Text(apps, "deploy-source"));
        Assert.Equal(sha, Json.Text(apps, "deploy-source-metadata"));
        var git = Json.Parse((await Sim.RunDokkuAsync(Host, ct, "git:report", "reported", "--format", "json")).StandardOutput);
        Assert.Equal(sha, Json.Text(git, "sha"));
        Assert.Equal("master", Json.Text(git, "computed-deploy-branch"));
        Assert.Equal("GIT_REV", Json.Text(git, "rev-env-var"));
        Assert.False(string.IsNullOrEmpty(Json.Text(git, "last-updated-at")));
        var ps = Json.Parse((await Sim.RunDokkuAsync(Host, ct, "ps:report", "reported", "--format", "json")).StandardOutput);
        Assert.Equal("true", Json.Text(ps, "deployed"));
        Assert.Equal("true", Json.Text(ps, "running"));
        Assert.Equal("1", Json.Text(ps, "processes"));
        Assert.Equal(sha, (await Sim.RunDokkuAsync(Host, ct, "config:get", "reported", "GIT_REV")).StandardOutput.Trim());
        var graduate = Json.Parse((await Sim.RunDokkuAsync(Host, ct, "graduate:report")).EnsureSuccess("graduate:report").StandardOutput);
        Assert.Equal(sha, Json.Text(graduate, "apps", "reported", "deployedSha"));
        Assert.Equal("master", Json.Text(graduate, "apps", "reported", "deployBranch"));
    }

    [Fact]
    public async Task ConfigGet_UnsetKey_Exits1AndExportIsJson()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
        var ct = cts.Token;
        (await Sim.RunDokkuAsync(Host, ct, "apps:create", "configured")).EnsureSuccess("apps:create");
        (await Sim.RunDokkuAsync(Host, ct, "config:set", "--no-restart", "configured", "GREETING=hello world", "QUOTE=it's")).EnsureSuccess("config:set");

        Assert.Equal(1, (await Sim.RunDokkuAsync(Host, ct, "config:get", "configured", "MISSING")).ExitCode);
        Assert.Equal("hello world", (await Sim.RunDokkuAsync(Host, ct, "config:get", "configured", "GREETING")).StandardOutput.TrimEnd('\n'));
        var export = Json.Parse((await Sim.RunDokkuAsync(Host, ct, "config:export", "--format", "json", "configured")).StandardOutput);
        Assert.Equal("it's", Json.Text(export, "QUOTE"));
        Assert.Equal(["GREETING", "QUOTE"], (await Sim.RunDokkuAsync(Host, ct, "config:keys", "configured")).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task AppsList_Json_ListsCreatedApps()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
        var ct = cts.Token;
        (await Sim.RunDokkuAsync(Host, ct, "apps:create", "listed")).EnsureSuccess("apps:create");

        var list = Json.Parse((await Sim.RunDokkuAsync(Host, ct, "apps:list", "--format", "json")).StandardOutput);

        Assert.Contains("listed", list.EnumerateArray().Select(e => e.GetString()));
        var text = (await Sim.RunDokkuAsync(Host, ct, "apps:list")).StandardOutput;
        Assert.StartsWith("=====> My Apps", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_DeployedApp_RunsInLatestReleaseWithConfigAndExitCode()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
        var ct = cts.Token;
        (await Sim.RunDokkuAsync(Host, ct, "apps:create", "runner")).EnsureSuccess("apps:create");
        (await Sim.RunDokkuAsync(Host, ct, "config:set", "--no-restart", "runner", "WHO=sim")).EnsureSuccess("config:set");
        (await Sim.PushAsync(Host, "portal", "v2", "runner", force: false, ct)).EnsureSuccess("git push");

        var run = await Sim.RunDokkuAsync(Host, ct, "run", "--no-tty", "runner", "cat VERSION && echo $WHO && exit 3");

        Assert.Equal(3, run.ExitCode);
        Assert.Equal("v2\nsim\n", run.StandardOutput);
    }
    [Fact]
    public async Task SshKeysAdd_KeyOnStdin_KeyLogsInThroughTheForcedCommand()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
        var ct = cts.Token;
        var keyPath = Path.Combine(Sim.Directory, "client", "extra_ed25519");
        (await RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", keyPath], ct)).EnsureSuccess("ssh-keygen");
        var publicKey = await File.ReadAllTextAsync(keyPath + ".pub", ct);

        (await Sim.RunDokkuAsync(Host, ["ssh-keys:add", "extra"], publicKey, ct)).EnsureSuccess("ssh-keys:add");
        var duplicate = await Sim.RunDokkuAsync(Host, ["ssh-keys:add", "extra"], publicKey, ct);
        var login = await RunAsync(
            "/usr/bin/ssh",
            ["-F", "/dev/null", "-p", Host.SshPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "-i", keyPath, "-o", "IdentitiesOnly=yes",
             "-o", "BatchMode=yes", "-o", $"UserKnownHostsFile={Path.Combine(Sim.Directory, "known_hosts")}", "-o", $"HostKeyAlias={Host.Alias}",
             $"{Sim.SshUser}@127.0.0.1", "version"],
            ct);

        Assert.NotEqual(0, duplicate.ExitCode);
        Assert.Equal("dokku version 0.38.0-sim", login.EnsureSuccess("login with the added key").StandardOutput.Trim());
        Assert.Contains("extra", (await Sim.RunDokkuAsync(Host, ct, "ssh-keys:list")).StandardOutput.Split('\n'));
    }

    [Fact]
    public async Task Arm_AppArmedByAnotherGraduation_RefusedUntilDisarmed()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
        var ct = cts.Token;
        (await Sim.RunDokkuAsync(Host, ct, "apps:create", "contested")).EnsureSuccess("apps:create");
        (await Sim.RunDokkuAsync(Host, ct, "graduate:arm", "g-first", "60", "contested")).EnsureSuccess("first arm");

        var second = await Sim.RunDokkuAsync(Host, ct, "graduate:arm", "g-second", "60", "contested");
        var again = await Sim.RunDokkuAsync(Host, ct, "graduate:arm", "g-first", "60", "contested");
        var missing = await Sim.RunDokkuAsync(Host, ct, "graduate:arm", "g-first", "60", "contested", "ghost");

        Assert.NotEqual(0, second.ExitCode);
        Assert.Contains("armed by graduation g-first", second.StandardError, StringComparison.Ordinal);
        again.EnsureSuccess("re-arming the same graduation");
        Assert.Equal(20, missing.ExitCode);
        (await Sim.RunDokkuAsync(Host, ct, "graduate:disarm", "g-first", "contested")).EnsureSuccess("disarm");
        (await Sim.RunDokkuAsync(Host, ct, "graduate:arm", "g-second", "60", "contested")).EnsureSuccess("arm after disarm");
        Assert.Equal("{}", (await Sim.RunDokkuAsync(Host, ct, "graduate:gates", "g-first")).StandardOutput.Trim());
    }

    [Fact]
    public async Task Arm_DataDirectoryNotWritable_RefusedWithASentenceSayingWhatToRun()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
        var ct = cts.Token;
        (await Sim.RunDokkuAsync(Host, ct, "apps:create", "unwritable")).EnsureSuccess("apps:create");
        // What an install trigger run as root by graduate 0.1 left behind: data the dokku user cannot write.
        var graduations = Path.Combine(Host.Root, "var", "lib", "dokku", "data", "graduate", "graduations");
        var root = Environment.UserName == "root";
        await RunAsync(root ? "chown" : "chmod", [root ? "root:root" : "555", graduations], ct);
        try
        {
            var arm = await Sim.RunDokkuAsync(Host, ct, "graduate:arm", "g-unwritable", "60", "unwritable");

            Assert.Equal(1, arm.ExitCode);
            Assert.Equal($" !     {graduations} is not writable by {Sim.SshUser}; run 'sudo dokku plugin:install' (graduate's install trigger gives its data to the dokku user) and try again.\n", arm.StandardError);
        }
        finally
        {
            await RunAsync(root ? "chown" : "chmod", [root ? $"{Sim.SshUser}:{Sim.SshUser}" : "755", graduations], ct);
        }
    }

    [Fact]
    public async Task StopSsh_HostUnreachable_SshFailsWith255UntilStartedAgain()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
        var ct = cts.Token;

        await Sim.StopSshAsync(Host, ct);
        var unreachable = await Sim.RunDokkuAsync(Host, ct, "version");
        await Sim.StartSshAsync(Host, ct);
        var reachable = await Sim.RunDokkuAsync(Host, ct, "version");

        Assert.Equal(255, unreachable.ExitCode);
        reachable.EnsureSuccess("version after restart");
    }

    private static async Task<DokkuCommandResult> RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken ct)
    {
        var startInfo = new System.Diagnostics.ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(startInfo)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return new DokkuCommandResult(process.ExitCode, await stdout, await stderr);
    }
}
