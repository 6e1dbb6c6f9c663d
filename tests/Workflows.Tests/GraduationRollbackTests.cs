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

    [Fact]
    public async Task Rollback_AfterAGraduationToV2_BothAppsBackOnV1TogetherWithoutAFailedRequestAndTagged()
    {
        using var cts = new CancellationTokenSource(GraduationHarness.TestDeadline);
        var ct = cts.Token;
        await using var harness = await GraduationHarness.StartAsync(temporal, ct);
        await TagV1Async(harness, ct);
        await using var probes = ProductionProbes.Start(harness.Production, Apps, TimeSpan.FromMilliseconds(50));

        var graduation = await (await harness.StartAsync(harness.Input(postHooks: [Migrate, SayRollback]), ct)).ResultAsync(ct);
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
