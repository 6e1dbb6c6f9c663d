using System.Text;
using Graduate.Dokku.Exceptions;
using Graduate.Dokku.Models;
using Graduate.Dokku.Tests.Support;
using Graduate.Dokku.Transport;

namespace Graduate.Dokku.Tests;

public class DokkuClientTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private static CancellationToken None => CancellationToken.None;

    public static TheoryData<string, string> HostileCalls()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in new[] { "a;rm -rf /", "$(id)", "a b", "../x", "pörtal", "portal\n", "" })
        {
            foreach (var call in Calls.Keys)
            {
                if (call == "run word" && name == "../x")
                {
                    // A relative path is a fine argument for a command run in the container.
                    continue;
                }

                data.Add(call, name);
            }
        }

        return data;
    }

    private static readonly Dictionary<string, Func<DokkuClient, string, Task>> Calls = new()
    {
        ["apps:exists"] = (c, n) => c.AppExistsAsync(n, None),
        ["apps:locked"] = (c, n) => c.IsAppLockedAsync(n, None),
        ["apps:report"] = (c, n) => c.GetAppReportAsync(n, None),
        ["git:report"] = (c, n) => c.GetGitReportAsync(n, None),
        ["ps:report"] = (c, n) => c.GetProcessReportAsync(n, None),
        ["checks:report"] = (c, n) => c.GetChecksDisabledAsync(n, None),
        ["config:export"] = (c, n) => c.ExportConfigAsync(n, None),
        ["config:keys"] = (c, n) => c.GetConfigKeysAsync(n, None),
        ["config:get app"] = (c, n) => c.GetConfigAsync(n, "KEY", None),
        ["config:get key"] = (c, n) => c.GetConfigAsync("portal", n, None),
        ["config:set key"] = (c, n) => c.SetConfigAsync("portal", new Dictionary<string, string> { [n] = "v" }, None),
        ["run app"] = (c, n) => c.RunAsync(n, ["true"], null, None),
        ["run word"] = (c, n) => c.RunAsync("portal", [n], null, None),
        ["apps:destroy"] = (c, n) => c.DestroyAppAsync(n, None),
        ["builds:cancel"] = (c, n) => c.CancelBuildAsync(n, None),
        ["ssh-keys:add"] = (c, n) => c.AddSshKeyAsync(n, "ssh-ed25519 AAAA x", None),
        ["arm gid"] = (c, n) => c.ArmAsync(n, TimeSpan.FromMinutes(1), ["portal"], None),
        ["arm app"] = (c, n) => c.ArmAsync("g1", TimeSpan.FromMinutes(1), ["portal", n], None),
        ["gates"] = (c, n) => c.GetGatesAsync(n, None),
        ["go"] = (c, n) => c.GoAsync("g1", [n], None),
        ["abort"] = (c, n) => c.AbortAsync(n, ["portal"], None),
        ["disarm"] = (c, n) => c.DisarmAsync("g1", [n], None),
        ["push app"] = (c, n) => c.StartPushAsync("g1", n, Sha, "dokku@production:portal", false, null, None),
        ["push sha"] = (c, n) => c.StartPushAsync("g1", "portal", n, "dokku@production:portal", false, null, None),
        ["push remote"] = (c, n) => c.StartPushAsync("g1", "portal", Sha, n, false, null, None),
        ["push branch"] = (c, n) => c.StartPushAsync("g1", "portal", Sha, "dokku@production:portal", false, n, None),
        ["hook"] = (c, n) => c.StartHookAsync("g1", n, "echo hi", None),
        ["jobs"] = (c, n) => c.GetJobsAsync(n, None),
        ["wait jobs gid"] = (c, n) => c.WaitForJobsAsync(n, new Dictionary<string, string>(), TimeSpan.FromSeconds(5), None),
        ["wait jobs name"] = (c, n) => c.WaitForJobsAsync("g1", new Dictionary<string, string> { [n] = "running" }, TimeSpan.FromSeconds(5), None),
        ["wait jobs state"] = (c, n) => c.WaitForJobsAsync("g1", new Dictionary<string, string> { ["push-portal"] = n }, TimeSpan.FromSeconds(5), None),
        ["wait gates app"] = (c, n) => c.WaitForGatesAsync("g1", new Dictionary<string, string> { [n] = "armed" }, TimeSpan.FromSeconds(5), None),
        ["wait gates state"] = (c, n) => c.WaitForGatesAsync("g1", new Dictionary<string, string> { ["portal"] = n }, TimeSpan.FromSeconds(5), None),
        ["job-log"] = (c, n) => c.GetJobLogAsync("g1", n, 1, None),
        ["state-tag"] = (c, n) => c.StateTagAsync(n, "message", None),
        ["state-tags"] = (c, n) => c.GetStateTagsAsync(n, None),
        ["state-status last tag"] = (c, n) => c.GetStateStatusAndLastTagAsync(n, None),
        ["commits app"] = (c, n) => c.GetCommitsAsync(n, "abcdef0", Sha, None),
        ["commits from"] = (c, n) => c.GetCommitsAsync("portal", n, Sha, None),
        ["commits to"] = (c, n) => c.GetCommitsAsync("portal", Sha, n, None),
    };

    [Theory]
    [MemberData(nameof(HostileCalls))]
    public async Task AnyCall_HostileName_RefusedBeforeAnythingIsSent(string call, string name)
    {
        var transport = new RecordingTransport();
        var client = new DokkuClient(transport);

        await Assert.ThrowsAsync<DokkuValidationException>(() => Calls[call](client, name));

        Assert.Empty(transport.Commands);
    }

    [Fact]
    public async Task AppExistsAsync_HostileNameOverSsh_NeverStartsSsh()
    {
        using var fake = FakeHost.WithDokkuSsh("");
        var ssh = fake.WriteScript("ssh", """touch "$(dirname "$0")/started" """);
        var client = new DokkuClient(new SshTransport(EnvironmentUrl.Parse("dokku@never-contacted.invalid"), new TransportOptions { SshExecutable = ssh }));

        await Assert.ThrowsAsync<DokkuValidationException>(() => client.AppExistsAsync("a;rm -rf /", None));
        await client.AppExistsAsync("portal", None);

        // The same client does start ssh for a valid name, so the missing file is meaningful.
        Assert.True(File.Exists(fake.PathOf("started")));
        File.Delete(fake.PathOf("started"));
        await Assert.ThrowsAsync<DokkuValidationException>(() => client.AppExistsAsync("$(id)", None));
        Assert.False(File.Exists(fake.PathOf("started")));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(20, false)]
    public async Task AppExistsAsync_ExitCode_MapsToAnswer(int exitCode, bool exists)
    {
        var transport = new RecordingTransport().Answer(exitCode, stderr: exitCode == 0 ? "" : " !     App portal does not exist\n");
        var client = new DokkuClient(transport);

        Assert.Equal(exists, await client.AppExistsAsync("portal", None));
        Assert.Equal("apps:exists portal", transport.Commands[0].Command.CommandLine);
    }

    [Fact]
    public async Task AppExistsAsync_OtherExit_ThrowsWithDokkuMessage()
    {
        var client = new DokkuClient(new RecordingTransport().Answer(1, stderr: "-----> noise\n !     Something odd\n"));

        var error = await Assert.ThrowsAsync<DokkuCommandException>(() => client.AppExistsAsync("portal", None));

        Assert.Equal(1, error.ExitCode);
        Assert.Equal("Something odd", error.ErrorMessage);
        Assert.StartsWith("Something odd", error.Message, StringComparison.Ordinal);
        Assert.Equal("apps:exists portal", error.Command);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    public async Task IsAppLockedAsync_ExitCode_MapsToAnswer(int exitCode, bool locked)
    {
        var client = new DokkuClient(new RecordingTransport().Answer(exitCode));

        Assert.Equal(locked, await client.IsAppLockedAsync("portal", None));
    }

    [Fact]
    public async Task GetAppReportAsync_DokkuStringValuesAndPrefixedKeys_AreRead()
    {
        var client = new DokkuClient(new RecordingTransport().Answer(0, """{"app-deploy-source": "git-push", "app-deploy-source-metadata": "abc", "app-locked": "false", "app-dir": "/home/dokku/portal"}"""));

        var report = await client.GetAppReportAsync("portal", None);

        Assert.Equal("git-push", report.DeploySource);
        Assert.Equal("abc", report.DeploySourceMetadata);
        Assert.False(report.Locked);
        Assert.Equal("/home/dokku/portal", report.Values["app-dir"]);
    }

    [Fact]
    public async Task GetProcessReportAsync_TypedOrStringValues_ReadTheSame()
    {
        var client = new DokkuClient(new RecordingTransport()
            .Answer(0, """{"deployed": true, "running": "mixed", "processes": 2}""")
            .Answer(0, """{"deployed": "true", "running": "mixed", "processes": "2"}"""));

        var typed = await client.GetProcessReportAsync("portal", None);
        var strings = await client.GetProcessReportAsync("portal", None);

        Assert.Equal((true, "mixed", 2), (typed.Deployed!.Value, typed.Running!, typed.Processes!.Value));
        Assert.Equal((typed.Deployed, typed.Running, typed.Processes), (strings.Deployed, strings.Running, strings.Processes));
    }

    [Theory]
    [InlineData("web,worker\n", new[] { "web", "worker" })]
    [InlineData("_all_\n", new[] { "_all_" })]
    [InlineData("none\n", new string[0])]
    [InlineData("\n", new string[0])]
    public async Task GetChecksDisabledAsync_ReportValue_IsSplit(string output, string[] expected)
    {
        var client = new DokkuClient(new RecordingTransport().Answer(0, output));

        Assert.Equal(expected, await client.GetChecksDisabledAsync("portal", None));
    }

    [Fact]
    public async Task ListAppsAsync_NoApps_IsEmpty()
    {
        var client = new DokkuClient(new RecordingTransport().Answer(0, "", " !     You haven't deployed any applications yet\n"));

        Assert.Empty(await client.ListAppsAsync(None));
    }

    [Fact]
    public async Task GetConfigAsync_Unset_IsNull()
    {
        var client = new DokkuClient(new RecordingTransport().Answer(1).Answer(0, "value with spaces\n"));

        Assert.Null(await client.GetConfigAsync("portal", "MISSING", None));
        Assert.Equal("value with spaces", await client.GetConfigAsync("portal", "PRESENT", None));
    }

    [Fact]
    public async Task SetConfigAsync_FreeTextValues_AreSentBase64Encoded()
    {
        var transport = new RecordingTransport();
        var client = new DokkuClient(transport);

        await client.SetConfigAsync("portal", new Dictionary<string, string> { ["B"] = "it's $(id) ü", ["A"] = "" }, None);

        var expected = "config:set --no-restart --encoded portal A= B=" + Convert.ToBase64String(Encoding.UTF8.GetBytes("it's $(id) ü"));
        Assert.Equal(expected, transport.Commands[0].Command.CommandLine);
    }

    [Fact]
    public async Task RunAsync_NonZeroExit_IsReturnedForTheCallerToJudge()
    {
        var transport = new RecordingTransport().Answer(3, "migrating\n");
        var client = new DokkuClient(transport);

        var result = await client.RunAsync("portal", ["bin/rake", "db:migrate"], null, None);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("run --no-tty portal bin/rake db:migrate", transport.Commands[0].Command.CommandLine);
    }

    [Fact]
    public async Task AddSshKeyAsync_Key_GoesOverStdinNotTheCommandLine()
    {
        var transport = new RecordingTransport();
        var client = new DokkuClient(transport);

        await client.AddSshKeyAsync("graduate-staging", "ssh-ed25519 AAAAC3Nza dokku@staging", None);

        Assert.Equal("ssh-keys:add graduate-staging", transport.Commands[0].Command.CommandLine);
        Assert.Equal("ssh-ed25519 AAAAC3Nza dokku@staging\n", transport.Commands[0].Options!.StandardInput);
    }

    [Fact]
    public async Task StartHookAsync_Script_GoesOverStdinAndJobIsParsed()
    {
        var transport = new RecordingTransport().Answer(0, """{"graduation": "g1", "job": "post-0", "created": true, "status": {"kind": "hook", "state": "running", "exitCode": null, "startedAt": "2024-01-01T12:00:00Z", "finishedAt": null, "logLines": 0}}""");
        var client = new DokkuClient(transport);
        const string script = "dokku run portal bin/migrate 'a b'";

        var job = await client.StartHookAsync("g1", "post-0", script, None);

        Assert.Equal("graduate:hook g1 post-0", transport.Commands[0].Command.CommandLine);
        Assert.Equal(script + "\n", transport.Commands[0].Options!.StandardInput);
        Assert.Equal(new JobStart("g1", "post-0", true, new JobStatus(JobKind.Hook, JobState.Running, null, new DateTimeOffset(2024, 1, 1, 12, 0, 0, TimeSpan.Zero), null, 0)), job);
    }

    [Fact]
    public async Task StartHookAsync_PushPrefix_IsRefused()
    {
        var transport = new RecordingTransport();

        await Assert.ThrowsAsync<DokkuValidationException>(() => new DokkuClient(transport).StartHookAsync("g1", "push-portal", "true", None));

        Assert.Empty(transport.Commands);
    }

    [Fact]
    public async Task StartPushAsync_ForceAndBranch_AreAppended()
    {
        var transport = new RecordingTransport().Answer(0, """{"graduation": "g1", "job": "push-portal", "created": false, "status": {"kind": "push", "state": "succeeded", "exitCode": 0, "logLines": 12}}""");

        var job = await new DokkuClient(transport).StartPushAsync("g1", "portal", Sha, "ssh://dokku@127.0.0.1:2222/portal", true, "main", None);

        Assert.Equal($"graduate:push g1 portal {Sha} ssh://dokku@127.0.0.1:2222/portal --force --branch main", transport.Commands[0].Command.CommandLine);
        Assert.False(job.Created);
        Assert.Equal(JobState.Succeeded, job.Status.State);
        Assert.Equal(0, job.Status.ExitCode);
    }

    [Fact]
    public async Task ArmAsync_Timeout_IsWholeSecondsBeforeApps()
    {
        var transport = new RecordingTransport();

        await new DokkuClient(transport).ArmAsync("g1", TimeSpan.FromSeconds(90.2), ["portal", "api"], None);

        Assert.Equal("graduate:arm g1 91 portal api", transport.Commands[0].Command.CommandLine);
    }

    [Fact]
    public async Task GoAsync_NoApps_IsRefused()
    {
        var transport = new RecordingTransport();

        await Assert.ThrowsAsync<DokkuValidationException>(() => new DokkuClient(transport).GoAsync("g1", [], None));

        Assert.Empty(transport.Commands);
    }

    [Fact]
    public async Task GetGatesAsync_AllStates_AreMapped()
    {
        var client = new DokkuClient(new RecordingTransport().Answer(0, """
            {"a": {"state": "armed", "updatedAt": "2024-01-01T00:00:00Z", "timeoutSeconds": 60, "deadline": null},
             "b": {"state": "staged", "updatedAt": null},
             "c": {"state": "live"}, "d": {"state": "aborted"}, "e": {"state": "failed"},
             "f": {"state": "timed-out", "deadline": "2024-01-01T00:01:00Z"}, "g": {"state": "something-new"}}
            """));

        var gates = await client.GetGatesAsync("g1", None);

        Assert.Equal(
            [GateState.Armed, GateState.Staged, GateState.Live, GateState.Aborted, GateState.Failed, GateState.TimedOut, GateState.Unknown],
            gates.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Value.State));
        Assert.Equal(60, gates["a"].TimeoutSeconds);
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 0, 1, 0, TimeSpan.Zero), gates["f"].Deadline);
        Assert.Equal("something-new", gates["g"].RawState);
    }

    [Fact]
    public async Task WaitForGatesAsync_KnownStates_SentSortedWithTheWaitInWholeSeconds()
    {
        var transport = new RecordingTransport().Answer(0, """{"portal": {"state": "staged"}, "webservices": {"state": "armed"}}""");

        var gates = await new DokkuClient(transport).WaitForGatesAsync(
            "g1", new Dictionary<string, string> { ["webservices"] = "armed", ["portal"] = "armed" }, TimeSpan.FromSeconds(14.2), None);

        Assert.Equal("graduate:gates g1 --wait 15 portal=armed webservices=armed", transport.Commands[0].Command.CommandLine);
        Assert.Equal(GateState.Staged, gates["portal"].State);
    }

    [Fact]
    public async Task WaitForJobsAsync_WaitLongerThanThePluginTakes_IsCappedAtItsMaximum()
    {
        var transport = new RecordingTransport().Answer(0, "{}");

        await new DokkuClient(transport).WaitForJobsAsync(
            "g1", new Dictionary<string, string> { ["push-portal"] = "running" }, TimeSpan.FromMinutes(5), None);

        Assert.Equal("graduate:jobs g1 --wait 60 push-portal=running", transport.Commands[0].Command.CommandLine);
    }

    [Fact]
    public async Task GetStateStatusAndLastTagAsync_PluginAnswersTheTag_OneCommand()
    {
        var transport = new RecordingTransport().Answer(0, """{"clean": true, "dirty": [], "lastTag": {"tag": "production/20260101000000", "message": "{}"}}""");

        var (status, lastTag) = await new DokkuClient(transport).GetStateStatusAndLastTagAsync("production", None);

        Assert.True(status.Clean);
        Assert.Equal("production/20260101000000", lastTag?.Tag);
        Assert.Equal(["graduate:state-status --last-tag production"], transport.Commands.Select(c => c.Command.CommandLine));
    }

    [Fact]
    public async Task GetStateStatusAndLastTagAsync_PluginWithoutLastTag_AsksForTheTagsToo()
    {
        var transport = new RecordingTransport()
            .Answer(0, """{"clean": true, "dirty": []}""")
            .Answer(0, """[{"tag": "production/2", "message": "b"}, {"tag": "production/1", "message": "a"}]""");

        var (_, lastTag) = await new DokkuClient(transport).GetStateStatusAndLastTagAsync("production", None);

        Assert.Equal("production/2", lastTag?.Tag);
        Assert.Equal("graduate:state-tags production", transport.Commands[1].Command.CommandLine);
    }

    [Fact]
    public async Task GetStateStatusAndLastTagAsync_NoTagYet_IsNull()
    {
        var transport = new RecordingTransport().Answer(0, """{"clean": false, "dirty": ["VHOST"], "lastTag": null}""");

        var (status, lastTag) = await new DokkuClient(transport).GetStateStatusAndLastTagAsync("production", None);

        Assert.Equal(["VHOST"], status.Dirty);
        Assert.Null(lastTag);
        Assert.Single(transport.Commands);
    }

    [Fact]
    public async Task GetJobLogAsync_EmptyLines_AreKeptSoLineNumbersMatch()
    {
        var transport = new RecordingTransport().Answer(0, "a\n\nb\n");

        var lines = await new DokkuClient(transport).GetJobLogAsync("g1", "push-portal", 5, None);

        Assert.Equal(["a", "", "b"], lines);
        Assert.Equal("graduate:job-log g1 push-portal 5", transport.Commands[0].Command.CommandLine);
    }

    [Fact]
    public async Task GetReportAsync_PluginJson_IsParsed()
    {
        var client = new DokkuClient(new RecordingTransport().Answer(0, """{"apps": {"portal": {"deployedSha": null, "deployBranch": "master", "configKeys": ["A", "B"], "checksDisabled": ["web"], "locked": true}}}"""));

        var report = await client.GetReportAsync(None);

        var portal = report.Apps["portal"];
        Assert.Null(portal.DeployedSha);
        Assert.Equal(["A", "B"], portal.ConfigKeys);
        Assert.Equal(["web"], portal.ChecksDisabled);
        Assert.True(portal.Locked);
    }

    [Fact]
    public async Task GetCommitsAsync_PluginJson_IsParsed()
    {
        var transport = new RecordingTransport().Answer(0, """{"app": "portal", "from": "aaaaaaa", "to": "bbbbbbb", "count": 3, "commits": [{"sha": "bbbbbbb", "subject": "Fix \"quotes\" ü", "author": "Ann <ann@example.com>", "date": "2026-01-01T00:00:02+00:00"}]}""");

        var range = await new DokkuClient(transport).GetCommitsAsync("portal", "abcdef0", Sha, None);

        Assert.Equal($"graduate:commits portal abcdef0 {Sha}", transport.Commands[0].Command.CommandLine);
        Assert.Equal(3, range.Count);
        var commit = Assert.Single(range.Commits);
        Assert.Equal("Fix \"quotes\" ü", commit.Subject);
        Assert.Equal("Ann <ann@example.com>", commit.Author);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 2, TimeSpan.Zero), commit.Date);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("ABCDEF0")]
    [InlineData("abcdef0..HEAD")]
    [InlineData("HEAD")]
    public async Task GetCommitsAsync_NotAHexSha_IsRefusedBeforeAnythingIsSent(string sha)
    {
        var transport = new RecordingTransport();

        await Assert.ThrowsAsync<DokkuValidationException>(() => new DokkuClient(transport).GetCommitsAsync("portal", sha, Sha, None));

        Assert.Empty(transport.Commands);
    }

    [Fact]
    public async Task GetConfigKeysAsync_OneKeyPerLine_AreTheKeys()
    {
        var transport = new RecordingTransport().Answer(0, "DATABASE_URL\nGIT_REV\nPEER_URL\n");

        var keys = await new DokkuClient(transport).GetConfigKeysAsync("portal", None);

        Assert.Equal("config:keys portal", transport.Commands[0].Command.CommandLine);
        Assert.Equal(["DATABASE_URL", "GIT_REV", "PEER_URL"], keys);
    }

    [Fact]
    public async Task GetStateTagsAsync_EnvironmentAndMessage_AreParsed()
    {
        var transport = new RecordingTransport().Answer(0, """[{"tag": "production/20240102000000", "message": "{\"apps\": 2}\nline two"}]""");

        var tags = await new DokkuClient(transport).GetStateTagsAsync("production", None);

        Assert.Equal("graduate:state-tags production", transport.Commands[0].Command.CommandLine);
        Assert.Equal([new StateTag("production/20240102000000", "{\"apps\": 2}\nline two")], tags);
    }

    [Fact]
    public async Task StateTagAsync_Message_GoesOverStdin()
    {
        var transport = new RecordingTransport();

        await new DokkuClient(transport).StateTagAsync("production/20240102000000", "manifest 'x' $(id)", None);

        Assert.Equal("graduate:state-tag production/20240102000000", transport.Commands[0].Command.CommandLine);
        Assert.Equal("manifest 'x' $(id)", transport.Commands[0].Options!.StandardInput);
    }

    [Fact]
    public async Task GetGatesAsync_NotJson_ThrowsProtocolError()
    {
        var client = new DokkuClient(new RecordingTransport().Answer(0, "=====> gates\nportal staged\n"));

        var error = await Assert.ThrowsAsync<DokkuProtocolException>(() => client.GetGatesAsync("g1", None));

        Assert.Contains("graduate:gates g1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"clean\": true, \"dirty\": [], \"configValuesInHistory\": true}\n", true)]
    [InlineData("{\"clean\": true, \"dirty\": [], \"configValuesInHistory\": false}\n", false)]
    [InlineData("{\"clean\": false, \"dirty\": [\"VHOST\"]}\n", false)]
    public async Task StateInitAsync_StatusJson_SaysWhetherHistoryHoldsConfigValues(string json, bool leaked)
    {
        var client = new DokkuClient(new RecordingTransport().Answer(0, json));

        var init = await client.StateInitAsync(None);

        Assert.Equal(leaked, init.ConfigValuesInHistory);
        Assert.Equal(json.Contains("\"clean\": true", StringComparison.Ordinal), init.Clean);
    }

    [Fact]
    public async Task GetPluginVersionAsync_VersionLine_IsParsed()
    {
        var client = new DokkuClient(new RecordingTransport().Answer(0, "graduate 0.1.0\n"));

        Assert.Equal("0.1.0", await client.GetPluginVersionAsync(None));
    }
}
