using System.Text.Json;
using Graduate.Testing;
using Graduate.Workflows.Status;
using Temporalio.Client;
using Xunit.Abstractions;

namespace Graduate.Workflows.Tests;

/// <summary>
/// A rollback is the Graduation workflow with <c>rollbackTo</c>: production back on the releases of an older state tag,
/// all apps together through the gates, production's public URLs polled every 50 ms throughout.
/// </summary>
[Collection(GraduationCollection.Name)]
public sealed class GraduationRollbackTests(TemporalServerFixture temporal, ITestOutputHelper output)
{
    // One hook list for both directions, as a user would write it: v1 ships no migration, so a rollback skips it.
    private const string Migrate = "[ \"${GRADUATE_ROLLBACK:-0}\" = 1 ] || ssh dokku@$ENVIRONMENT_URL run --no-tty portal ./migrate";
    private const string SayRollback = "echo \"rollback=${GRADUATE_ROLLBACK:-0} to=${GRADUATE_ROLLBACK_TO:-none}\"";
    private const string OldTag = "production/20260101120000";
    private static readonly string[] Apps = ["portal", "webservices"];

    /// <summary>
    /// Also the "no secret in git or in history" check: a known config value is set on every app of both environments
    /// before the state repository is made, and after a graduation and a rollback it is in no event payload of either
    /// run's Temporal history and in no git object of either host's dokku home.
    /// </summary>
    [Fact]
    public async Task Rollback_AfterAGraduationToV2_BothAppsBackOnV1TogetherWithoutAFailedRequestAndTagged()
    {
        using var cts = new CancellationTokenSource(GraduationHarness.TestDeadline);
        var ct = cts.Token;
        var secret = "s3cret-" + Guid.NewGuid().ToString("N");
        await using var harness = await GraduationHarness.StartAsync(temporal, ct, async h =>
        {
            foreach (var host in new[] { h.Staging, h.Production })
            {
                foreach (var app in Apps)
                {
                    (await h.DokkuAsync(host, ct, "config:set", "--no-restart", app, "DATABASE_PASSWORD=" + secret)).EnsureSuccess("config:set");
                }
            }
        });
        await TagV1Async(harness, ct);
        await using var probes = ProductionProbes.Start(harness.Production, Apps, TimeSpan.FromMilliseconds(50));

        var graduationHandle = await harness.StartAsync(harness.Input(postHooks: [Migrate, SayRollback]), ct);
        var graduation = await graduationHandle.ResultAsync(ct);
        Assert.True(graduation.Outcome == GraduationOutcome.Completed, string.Join(" / ", graduation.Errors));
        Assert.Null(graduation.RollbackTo);
        Assert.All(probes.All, p => Assert.Equal("v2", p.LatestVersion));
        var beforeRollback = probes.All.Select(p => p.Answers.Count).ToList();

        var handle = await harness.StartAsync(harness.Input(postHooks: [Migrate, SayRollback]) with { RollbackTo = OldTag }, ct);
        var result = await handle.ResultAsync(ct);
        await probes.StopAsync(ct);

        Assert.True(result.Outcome == GraduationOutcome.Completed, string.Join(" / ", result.Errors));
        Assert.Equal(OldTag, result.RollbackTo);
        Assert.Equal(Apps, result.Apps.Select(a => a.Name));
        foreach (var app in result.Apps)
        {
            Assert.Equal(AppState.Live, app.State);
            Assert.Equal(await harness.Sim.ShaAsync(app.Name, "v2", ct), app.BeforeSha);
            Assert.Equal(await harness.Sim.ShaAsync(app.Name, "v1", ct), app.AfterSha);
        }

        var report = await harness.JsonAsync(harness.Production, ct, "graduate:report");
        foreach (var app in Apps)
        {
            Assert.Equal("v1", (await GraduationHarness.AnswerAtAsync(harness.Production.PublicUrl(app), ct)).GetProperty("version").GetString());
            Assert.Equal(await harness.Sim.ShaAsync(app, "v1", ct), report.GetProperty("apps").GetProperty(app).GetProperty("deployedSha").GetString());
        }

        // Not one failed request through both; during the rollback production answered v2 until go-live, then v1.
        for (var i = 0; i < probes.All.Count; i++)
        {
            var probe = probes.All[i];
            Assert.True(probe.Failures == 0, string.Join("\n", probe.Answers.Where(a => a.Version is null).Select(a => a.Detail)));
            var during = probe.Answers.Skip(beforeRollback[i]).Select(a => a.Version).ToList();
            Assert.True(during.Count > 10, "the probe barely ran during the rollback");
            var firstV1 = during.IndexOf("v1");
            Assert.True(firstV1 > 0, "production never answered v1, or never v2 first");
            Assert.All(during.Take(firstV1), v => Assert.Equal("v2", v));
            Assert.All(during.Skip(firstV1), v => Assert.Equal("v1", v));
            output.WriteLine($"{Apps[i]}: {during.Count} requests during the rollback, {probe.Answers.Skip(beforeRollback[i]).Count(a => a.Version is null)} failed");
        }

        // The hooks knew it was a rollback, and to which tag.
        var status = await handle.StatusAsync(ct);
        Assert.NotNull(status);
        Assert.Equal(OldTag, status.RollbackTo);
        var said = status.Hooks.Single(h => h.Index == 2);
        Assert.Contains($"rollback=1 to={OldTag}", said.LogTail);

        // A new tag whose manifest names the tag it rolled back to and the v1 releases.
        Assert.NotNull(result.Tag);
        var tags = await harness.JsonAsync(harness.Staging, ct, "graduate:state-tags", "production");
        Assert.Equal(result.Tag, tags[0].GetProperty("tag").GetString());
        using var manifest = JsonDocument.Parse(tags[0].GetProperty("message").GetString()!);
        Assert.Equal(OldTag, manifest.RootElement.GetProperty("rollbackTo").GetString());
        foreach (var app in manifest.RootElement.GetProperty("apps").EnumerateArray())
        {
            Assert.Equal(await harness.Sim.ShaAsync(app.GetProperty("name").GetString()!, "v1", ct), app.GetProperty("sha").GetString());
        }

        var gates = await harness.JsonAsync(harness.Production, ct, "graduate:gates", result.GraduationId);
        Assert.DoesNotContain(gates.EnumerateObject(), g => g.Value.GetProperty("state").GetString() is "staged" or "armed");
        await Histories.RecordAndReplayAsync(handle, ct);

        foreach (var run in new[] { graduationHandle, handle })
        {
            var history = await run.FetchHistoryAsync(new() { Rpc = new() { CancellationToken = ct } });
            Assert.True(history.Events.Count > 20, "the history is not the graduation's");
            var payloads = DecodedPayloads(history.ToJson());
            Assert.Contains("GRADUATE_ROLLBACK_TO", payloads, StringComparison.Ordinal); // the input's hooks: payloads are read
            Assert.DoesNotContain(secret, payloads, StringComparison.Ordinal);
        }

        foreach (var host in new[] { harness.Staging, harness.Production })
        {
            var objects = await GitObjectsAsync(host, ct);
            Assert.True(host != harness.Staging || objects.Contains("DATABASE_PASSWORD", StringComparison.Ordinal), "the snapshot of staging's config is not in git");
            Assert.DoesNotContain(secret, objects, StringComparison.Ordinal);
        }

        // The value is set where it should be: on the hosts, outside git.
        foreach (var host in new[] { harness.Staging, harness.Production })
        {
            var value = (await harness.DokkuAsync(host, ct, "config:get", "portal", "DATABASE_PASSWORD")).EnsureSuccess("config:get");
            Assert.Equal(secret, value.StandardOutput.Trim());
        }
    }

    /// <summary>A history's JSON with every payload's base64 <c>data</c> decoded next to it.</summary>
    private static string DecodedPayloads(string json)
    {
        var text = new System.Text.StringBuilder(json);
        foreach (System.Text.RegularExpressions.Match match in System.Text.RegularExpressions.Regex.Matches(json, "\"data\":\\s*\"([A-Za-z0-9+/=]+)\""))
        {
            text.Append('\n').Append(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(match.Groups[1].Value)));
        }

        return text.ToString();
    }

    /// <summary>Every object in the git repository at the host's dokku home (the state repository), decompressed.</summary>
    private static async Task<string> GitObjectsAsync(SimulatedHost host, CancellationToken ct)
    {
        if (!Directory.Exists(Path.Combine(host.DokkuRoot, ".git")))
        {
            return string.Empty;
        }

        using var git = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git")
        {
            ArgumentList = { "-c", "safe.directory=*", "-C", host.DokkuRoot, "cat-file", "--batch-all-objects", "--batch" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = git.StandardOutput.ReadToEndAsync(ct);
        var stderr = git.StandardError.ReadToEndAsync(ct);
        await git.WaitForExitAsync(ct);
        Assert.True(git.ExitCode == 0, await stderr);
        Assert.NotEmpty(await stdout);
        return await stdout;
    }

    [Fact]
    public async Task Rollback_UnknownTagOrReleaseGoneFromTheSource_RefusedInPreflightWithNothingArmed()
    {
        using var cts = new CancellationTokenSource(GraduationHarness.TestDeadline);
        var ct = cts.Token;
        await using var harness = await GraduationHarness.StartAsync(temporal, ct);
        await TagV1Async(harness, ct);
        const string gone = "production/20260102120000";
        await TagAsync(harness, gone, new string('0', 39) + "1", new string('0', 39) + "2", ct);

        var unknown = await (await harness.StartAsync(harness.Input() with { RollbackTo = "production/19990101000000" }, ct)).ResultAsync(ct);
        Assert.Equal(GraduationOutcome.Failed, unknown.Outcome);
        var error = Assert.Single(unknown.Errors);
        Assert.Contains("no such tag", error, StringComparison.Ordinal);
        Assert.Contains(OldTag, error, StringComparison.Ordinal);
        Assert.Empty(unknown.Apps);

        var undeployable = await (await harness.StartAsync(harness.Input() with { RollbackTo = gone }, ct)).ResultAsync(ct);
        Assert.Equal(GraduationOutcome.Failed, undeployable.Outcome);
        error = Assert.Single(undeployable.Errors);
        Assert.Contains("portal's release 000000000000 in " + gone + " can no longer be deployed from staging", error, StringComparison.Ordinal);
        Assert.Contains("webservices's release", error, StringComparison.Ordinal);
        Assert.Empty(undeployable.Apps);

        var report = await harness.JsonAsync(harness.Production, ct, "graduate:report");
        foreach (var app in Apps)
        {
            Assert.Equal(await harness.Sim.ShaAsync(app, "v1", ct), report.GetProperty("apps").GetProperty(app).GetProperty("deployedSha").GetString());
        }
    }

    /// <summary>The tag an earlier graduation to v1 would have written in staging's state repository.</summary>
    private static async Task TagV1Async(GraduationHarness harness, CancellationToken ct) =>
        await TagAsync(harness, OldTag, await harness.Sim.ShaAsync("portal", "v1", ct), await harness.Sim.ShaAsync("webservices", "v1", ct), ct);

    private static async Task TagAsync(GraduationHarness harness, string tag, string portal, string webservices, CancellationToken ct)
    {
        var manifest = JsonSerializer.Serialize(new { apps = new[] { new { name = "portal", sha = portal }, new { name = "webservices", sha = webservices } } });
        (await harness.Sim.RunDokkuAsync(harness.Staging, ["graduate:state-tag", tag], manifest, ct)).EnsureSuccess("graduate:state-tag " + tag);
    }
}
