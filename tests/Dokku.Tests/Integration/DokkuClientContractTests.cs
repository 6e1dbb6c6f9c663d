using Graduate.Dokku.Exceptions;
using Graduate.Dokku.Models;
using Graduate.Dokku.Tests.Support;
using Graduate.Dokku.Transport;

namespace Graduate.Dokku.Tests.Integration;

/// <summary>
/// Every Dokku client call against a simulated host, once per transport (the subclasses):
/// ssh and local:// must behave the same because they send the same command line.
/// </summary>
public abstract class DokkuClientContractTests(SimulatedHosts hosts)
{
    protected static CancellationToken None => CancellationToken.None;

    protected SimulatedHosts Hosts { get; } = hosts;

    protected abstract DokkuClient CreateClient();

    protected static string NewAppName() => "t" + Guid.NewGuid().ToString("N")[..12];

    protected static string NewGraduationId() => "g-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task AppExistsAsync_MissingThenCreated_FalseThenTrue()
    {
        var client = CreateClient();
        var app = NewAppName();

        Assert.False(await client.AppExistsAsync(app, None));
        await client.CreateAppAsync(app, None);

        Assert.True(await client.AppExistsAsync(app, None));
        Assert.Contains(app, await client.ListAppsAsync(None));
    }

    [Fact]
    public async Task GetAppReportAsync_MissingApp_ThrowsCommandErrorWithDokkuMessage()
    {
        var app = NewAppName();

        var error = await Assert.ThrowsAsync<DokkuCommandException>(() => CreateClient().GetAppReportAsync(app, None));

        Assert.Equal($"App {app} does not exist", error.ErrorMessage);
        Assert.NotEqual(0, error.ExitCode);
        Assert.StartsWith($"apps:report {app}", error.Command, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reports_FreshApp_ShowNothingDeployed()
    {
        var client = CreateClient();
        var app = NewAppName();
        await client.CreateAppAsync(app, None);

        var apps = await client.GetAppReportAsync(app, None);
        var git = await client.GetGitReportAsync(app, None);
        var ps = await client.GetProcessReportAsync(app, None);

        Assert.Null(apps.DeploySourceMetadata);
        Assert.False(apps.Locked);
        Assert.Null(git.Sha);
        Assert.Equal("GIT_REV", git.RevEnvVar);
        Assert.Equal("master", git.ComputedDeployBranch);
        Assert.False(ps.Deployed);
    }

    [Fact]
    public async Task IsAppLockedAsync_LockedApp_IsTrueAndReportShowsBlockers()
    {
        var client = CreateClient();
        var app = NewAppName();
        await client.CreateAppAsync(app, None);

        Assert.False(await client.IsAppLockedAsync(app, None));
        (await client.ExecuteAsync(RemoteCommand.Create("apps:lock", app), null, None)).EnsureSuccess();

        (await client.ExecuteAsync(RemoteCommand.Create("checks:disable", app, "_all_"), null, None)).EnsureSuccess();

        Assert.True(await client.IsAppLockedAsync(app, None));
        var report = (await client.GetReportAsync(None)).Apps[app];
        Assert.True(report.Locked);
        Assert.Contains("_all_", report.ChecksDisabled);
    }

    [Fact]
    public async Task GetReportAsync_NamedApps_OnlyThoseThatExistEachWithItsOwnSettings()
    {
        var client = CreateClient();
        var (locked, other) = (NewAppName(), NewAppName());
        await client.CreateAppAsync(locked, None);
        await client.CreateAppAsync(other, None);
        (await client.ExecuteAsync(RemoteCommand.Create("apps:lock", locked), null, None)).EnsureSuccess();

        var report = await client.GetReportAsync([locked, other, "absent-" + NewAppName()], None);

        Assert.Equal(new[] { locked, other }.Order(StringComparer.Ordinal), report.Apps.Keys.Order(StringComparer.Ordinal));
        Assert.True(report.Apps[locked].Locked);
        Assert.False(report.Apps[other].Locked);
    }

    [Fact]
    public async Task GetChecksDisabledAsync_WebDisabled_ListsWeb()
    {
        var client = CreateClient();
        var app = NewAppName();
        await client.CreateAppAsync(app, None);

        Assert.Empty(await client.GetChecksDisabledAsync(app, None));
        (await client.ExecuteAsync(RemoteCommand.Create("checks:disable", app, "web"), null, None)).EnsureSuccess();

        Assert.Equal(["web"], await client.GetChecksDisabledAsync(app, None));
    }

    [Fact]
    public async Task Config_FreeTextValues_RoundTripExactly()
    {
        var client = CreateClient();
        var app = NewAppName();
        await client.CreateAppAsync(app, None);
        var values = new Dictionary<string, string>
        {
            ["PLAIN"] = "value",
            ["SPACES"] = "a b  c",
            ["HOSTILE"] = "it's \"$(id)\" `id`; rm -rf / | cat",
            ["UNICODE"] = "pörtal ✓",
        };

        await client.SetConfigAsync(app, values, None);

        Assert.Equal(values.OrderBy(p => p.Key), (await client.ExportConfigAsync(app, None)).OrderBy(p => p.Key));
        Assert.Equal(values.Keys.Order(StringComparer.Ordinal), (await client.GetConfigKeysAsync(app, None)).Order(StringComparer.Ordinal));
        Assert.Equal(values["HOSTILE"], await client.GetConfigAsync(app, "HOSTILE", None));
        Assert.Null(await client.GetConfigAsync(app, "MISSING", None));
    }

    [Fact]
    public async Task DestroyAppAsync_ExistingApp_IsGone()
    {
        var client = CreateClient();
        var app = NewAppName();
        await client.CreateAppAsync(app, None);

        await client.DestroyAppAsync(app, None);

        Assert.False(await client.AppExistsAsync(app, None));
    }

    [Fact]
    public async Task CancelBuildAsync_NoDeployRunning_Succeeds()
    {
        var client = CreateClient();
        var app = NewAppName();
        await client.CreateAppAsync(app, None);

        await client.CancelBuildAsync(app, None);

        await Assert.ThrowsAsync<DokkuCommandException>(() => client.CancelBuildAsync(NewAppName(), None));
    }

    [Fact]
    public async Task RunAsync_NeverDeployedApp_ReturnsFailureWithMessage()
    {
        var client = CreateClient();
        var app = NewAppName();
        await client.CreateAppAsync(app, None);

        var result = await client.RunAsync(app, ["true"], null, None);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(result.ErrorLines, l => l.Contains("not found", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetPluginVersionAsync_InstalledPlugin_IsSemver()
    {
        var version = await CreateClient().GetPluginVersionAsync(None);

        Assert.Matches(@"^\d+\.\d+\.\d+", version);
    }

    [Fact]
    public async Task Gates_ArmAbortDisarm_StatesFollow()
    {
        var client = CreateClient();
        var (app, other, gid) = (NewAppName(), NewAppName(), NewGraduationId());
        await client.CreateAppAsync(app, None);
        await client.CreateAppAsync(other, None);

        await client.ArmAsync(gid, TimeSpan.FromMinutes(5), [app, other], None);
        await client.ArmAsync(gid, TimeSpan.FromMinutes(5), [app, other], None);
        var armed = await client.GetGatesAsync(gid, None);
        await client.AbortAsync(gid, [app], None);
        await client.DisarmAsync(gid, [other], None);
        var after = await client.GetGatesAsync(gid, None);

        Assert.Equal(GateState.Armed, armed[app].State);
        Assert.Equal(GateState.Armed, armed[other].State);
        Assert.Equal(GateState.Aborted, after[app].State);
        Assert.False(after.ContainsKey(other));
    }

    [Fact]
    public async Task GetGatesAsync_UnknownGraduation_IsEmpty()
    {
        Assert.Empty(await CreateClient().GetGatesAsync(NewGraduationId(), None));
    }

    [Fact]
    public async Task StartHookAsync_Script_RunsDetachedAndLogIsReadable()
    {
        var client = CreateClient();
        var gid = NewGraduationId();
        const string script = "echo \"hook for $GRADUATION_ID\"\necho 'quotes \"survive\" $(not run)'\n";

        var started = await client.StartHookAsync(gid, "post-0", script, None);
        var again = await client.StartHookAsync(gid, "post-0", "exit 1", None);
        var job = await Eventually.ValueAsync(
            async () => (await client.GetJobsAsync(gid, None))["post-0"],
            j => j.State != JobState.Running,
            TimeSpan.FromSeconds(30),
            "the hook did not finish",
            None);
        var log = await client.GetJobLogAsync(gid, "post-0", 1, None);
        var tail = await client.GetJobLogAsync(gid, "post-0", 2, None);

        Assert.True(started.Created);
        Assert.False(again.Created);
        Assert.Equal((JobKind.Hook, JobState.Succeeded, 0), (job.Kind, job.State, job.ExitCode));
        Assert.Contains($"hook for {gid}", log);
        Assert.Contains("quotes \"survive\" $(not run)", log);
        Assert.Equal(log.Skip(1), tail);
    }

    [Fact]
    public async Task StartHookAsync_FailingScript_JobFailsWithExitCode()
    {
        var client = CreateClient();
        var gid = NewGraduationId();

        await client.StartHookAsync(gid, "pre-0", "false\necho never", None);
        var job = await Eventually.ValueAsync(
            async () => (await client.GetJobsAsync(gid, None))["pre-0"],
            j => j.State != JobState.Running,
            TimeSpan.FromSeconds(30),
            "the hook did not finish",
            None);

        Assert.Equal(JobState.Failed, job.State);
        Assert.Equal(1, job.ExitCode);
        Assert.DoesNotContain("never", await client.GetJobLogAsync(gid, "pre-0", 1, None));
    }

    [Fact]
    public async Task GetJobLogAsync_UnknownJob_ThrowsCommandError()
    {
        await Assert.ThrowsAsync<DokkuCommandException>(() => CreateClient().GetJobLogAsync(NewGraduationId(), "nope", 1, None));
    }

    [Fact]
    public async Task GetPublicKeyAsync_Host_ReturnsOneKeyLine()
    {
        var key = await CreateClient().GetPublicKeyAsync(None);

        Assert.StartsWith("ssh-", key, StringComparison.Ordinal);
        Assert.Equal(key, await CreateClient().GetPublicKeyAsync(None));
    }

    [Fact]
    public async Task AddSshKeyAsync_NewKey_IsAcceptedAndDuplicateRefused()
    {
        var client = CreateClient();
        var name = "k-" + Guid.NewGuid().ToString("N")[..8];
        var key = await NewPublicKeyAsync();

        await client.AddSshKeyAsync(name, key, None);
        var duplicate = await Assert.ThrowsAsync<DokkuCommandException>(() => client.AddSshKeyAsync(name, key, None));

        Assert.Contains("Duplicate", duplicate.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StateRepo_InitTagAndList_MessageRoundTrips()
    {
        var client = CreateClient();
        var env = "e" + Guid.NewGuid().ToString("N")[..8];
        var init = await client.StateInitAsync(None);
        await client.StateCommitAsync("test baseline", None);
        const string manifest = "{\n  \"apps\": {\"portal\": \"abc\"},\n  \"note\": \"it's $(fine)\"\n}";

        var status = await client.GetStateStatusAsync(None);
        await client.StateTagAsync($"{env}/20240101120000", manifest, None);
        await client.StateTagAsync($"pre{env}/20240101120001", "other", None);
        var tags = await client.GetStateTagsAsync(env, None);

        Assert.True(status.Clean, "dirty: " + string.Join(", ", status.Dirty));
        Assert.False(init.ConfigValuesInHistory);
        var tag = Assert.Single(tags);
        Assert.Equal($"{env}/20240101120000", tag.Tag);
        Assert.Equal(manifest, tag.Message.TrimEnd('\n'));
    }

    private static async Task<string> NewPublicKeyAsync()
    {
        var directory = Directory.CreateTempSubdirectory("graduate-key-").FullName;
        try
        {
            var path = Path.Combine(directory, "id");
            var startInfo = new System.Diagnostics.ProcessStartInfo("ssh-keygen") { UseShellExecute = false, RedirectStandardOutput = true };
            foreach (var arg in new[] { "-q", "-t", "ed25519", "-N", "", "-C", "test-key", "-f", path })
            {
                startInfo.ArgumentList.Add(arg);
            }

            using var process = System.Diagnostics.Process.Start(startInfo)!;
            await process.WaitForExitAsync(None);
            return (await File.ReadAllTextAsync(path + ".pub", None)).Trim();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
