using System.Security.Cryptography;
using System.Text;
using Graduate.Testing;

namespace Graduate.RealDokku.Tests;

/// <summary>
/// The environment state repo on the real dokku home (/home/dokku): what real Dokku writes there is
/// ignored, what a user changes makes it dirty, and config values never enter git (only a keyed hash).
/// </summary>
[Collection(RealDokkuCollection.Name)]
public sealed class StateRepoTests(RealDokkuFixture fixture, ITestOutputHelper output)
{
    private const string Home = "/home/dokku";
    private readonly LabDriver driver = new(fixture, output);

    [Fact]
    public async Task StateInit_RealDokkuHome_RuntimeFilesIgnoredUserChangesDirtyAndNoValueInGit()
    {
        using var cts = new CancellationTokenSource(LabDriver.DeployDeadline * 3);
        var ct = cts.Token;
        const string app = "portal";
        var secret = "s3cret-" + Guid.NewGuid().ToString("N");
        await driver.TimedAsync("example apps deployed", () => driver.Lab.EnsureDeployedAsync(ct));
        var probes = LabDriver.StartProbes("portal", "webservices");

        var init = await driver.TimedAsync("graduate:state-init", () => driver.Lab.RunDokkuAsync(ct, "graduate:state-init"));
        await CommitAsync("state test: start", ct);
        if (Json.Text(Json.Parse(init.EnsureSuccess("state-init").StandardOutput), "configValuesInHistory") == "true")
        {
            // This dokku home was a state repo of an older graduate, which committed config values: purge them
            // as the plugin says (the lane's lab may be one an older plugin already used).
            driver.Log(init.StandardError);
            var purge = init.StandardError.Trim().Split("purge them as the dokku user with: ", 2)[1];
            await RunAsync(ct, "setpriv", "--reuid=dokku", "--regid=dokku", "--init-groups", "--", "env", "HOME=/home/dokku", "/bin/bash", "-c", purge);
            init = await driver.Lab.RunDokkuAsync(ct, "graduate:state-init");
            // The purge took the snapshots out of every commit: the next commit writes them again.
            await CommitAsync("state test: after purging config values", ct);
        }

        Assert.Equal("false", Json.Text(Json.Parse(init.EnsureSuccess("state-init").StandardOutput), "configValuesInHistory"));
        Assert.Equal("true", Json.Text(await StatusAsync(ct), "clean"));

        // Real Dokku's runtime files are not state; the snapshot is.
        var tracked = (await GitAsync(ct, "ls-files")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain(tracked, f => f.StartsWith(".basher/", StringComparison.Ordinal) || f.StartsWith(".parallel/", StringComparison.Ordinal)
            || f.StartsWith(".ssh/", StringComparison.Ordinal) || f == ".sshcommand");
        Assert.DoesNotContain(tracked, f => f.StartsWith(app + "/", StringComparison.Ordinal)
            && (f.EndsWith("/nginx.conf", StringComparison.Ordinal) || f.Contains("/CONTAINER", StringComparison.Ordinal) || f.Contains("/PORT", StringComparison.Ordinal)
                || f.Contains("/IP.", StringComparison.Ordinal) || f.EndsWith("/VHOST", StringComparison.Ordinal) || f.Contains("/objects/", StringComparison.Ordinal)
                || f.EndsWith("/HEAD", StringComparison.Ordinal) || f.Contains("/refs/", StringComparison.Ordinal)));
        var settings = Json.Parse(await File.ReadAllTextAsync(Path.Combine(Home, ".graduate/apps", app, "settings.json"), ct));
        Assert.Equal("master", Json.Text(settings, "deployBranch"));
        Assert.Equal("http:18081:5000", Json.Text(settings, "properties", "ports/map"));
        Assert.Equal("web=1", Json.Text(settings, "properties", "ps/scale"));
        Assert.Contains("/data", Json.Text(settings, "properties", "storage/mounts"), StringComparison.Ordinal);

        try
        {
            // A new config value: dirty, and what is committed is a keyed hash of it, never the value.
            await driver.DokkuAsync(ct, "config:set", "--no-restart", app, $"GRADUATE_STATE_PROBE={secret}");
            Assert.Contains($".graduate/apps/{app}/config.json", await DirtyAsync(ct));
            await CommitAsync("state test: probe key", ct);
            var config = Json.Parse(await File.ReadAllTextAsync(Path.Combine(Home, ".graduate/apps", app, "config.json"), ct));
            Assert.Equal("hmac-sha256", Json.Text(config, "hash"));
            Assert.Equal(Hmac(secret), Json.Text(config, "values", "GRADUATE_STATE_PROBE"));
            Assert.Null(Json.Text(config, "values", "GIT_REV"));

            // The same key with another value: dirty again.
            await driver.DokkuAsync(ct, "config:set", "--no-restart", app, $"GRADUATE_STATE_PROBE={secret}-changed");
            Assert.Contains($".graduate/apps/{app}/config.json", await DirtyAsync(ct));
            await CommitAsync("state test: probe value", ct);

            // Settings a user changes outside the home directory: nginx, docker options, ports.
            await driver.DokkuAsync(ct, "nginx:set", app, "client-max-body-size", "3m");
            Assert.Contains($".graduate/apps/{app}/settings.json", await DirtyAsync(ct));
            await driver.DokkuAsync(ct, "nginx:set", app, "client-max-body-size");
            await driver.DokkuAsync(ct, "docker-options:add", app, "run", "--env=GRADUATE_STATE_PROBE_OPTION=1");
            Assert.Contains($".graduate/apps/{app}/settings.json", await DirtyAsync(ct));
            await driver.DokkuAsync(ct, "docker-options:remove", app, "run", "--env=GRADUATE_STATE_PROBE_OPTION=1");
            await driver.DokkuAsync(ct, "ports:add", app, "http:18091:5000");
            Assert.Contains($".graduate/apps/{app}/settings.json", await DirtyAsync(ct));
            await driver.DokkuAsync(ct, "ports:remove", app, "http:18091:5000");
            Assert.Equal("true", Json.Text(await StatusAsync(ct), "clean"));
        }
        finally
        {
            await driver.Lab.RunDokkuAsync(CancellationToken.None, "config:unset", "--no-restart", app, "GRADUATE_STATE_PROBE");
            await CommitAsync("state test: end", CancellationToken.None);
        }

        // No git object (commits, trees, blobs, tags) holds the value.
        var objects = await GitAsync(ct, "cat-file", "--batch-all-objects", "--batch");
        Assert.DoesNotContain(secret, objects, StringComparison.Ordinal);
        await driver.StopProbesAsync(probes, ct);
    }

    private async Task<System.Text.Json.JsonElement> StatusAsync(CancellationToken ct) =>
        Json.Parse(await driver.DokkuAsync(ct, "graduate:state-status"));

    private async Task<List<string?>> DirtyAsync(CancellationToken ct) =>
        [.. (await StatusAsync(ct)).GetProperty("dirty").EnumerateArray().Select(e => e.GetString())];

    private async Task CommitAsync(string message, CancellationToken ct) =>
        (await driver.Lab.RunDokkuAsync(["graduate:state-commit"], message, ct)).EnsureSuccess("graduate:state-commit");

    /// <summary>git on the dokku home as root (which git refuses for a repository it does not own unless told).</summary>
    private static Task<string> GitAsync(CancellationToken ct, params string[] arguments) =>
        RunAsync(ct, ["git", "-c", "safe.directory=*", "-C", Home, .. arguments]);

    private static async Task<string> RunAsync(CancellationToken ct, params string[] command)
    {
        var start = new System.Diagnostics.ProcessStartInfo(command[0]) { RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = Home };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var text = await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        Assert.True(process.ExitCode == 0, $"{string.Join(' ', command)} exited {process.ExitCode}");
        return text;
    }

    /// <summary>HMAC-SHA256 of a value with the host's state key (root may read it; the dokku user owns it).</summary>
    private static string Hmac(string value)
    {
        var key = Convert.FromHexString(File.ReadAllText("/var/lib/dokku/data/graduate/state-hmac.key").Trim());
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(value)));
    }
}
