using Graduate.Cli;
using Graduate.Testing;

namespace Graduate.RealDokku.Tests;

/// <summary>
/// Issue 11's plan on real Dokku: <c>graduate plan staging production</c> with simulated staging (v2) as the
/// source and the lab as production, through the CLI as a user runs it (graduate.yml, their ssh config).
/// </summary>
[Collection(RealDokkuCollection.Name)]
public sealed class PlanTests(RealDokkuFixture fixture, ITestOutputHelper output)
{
    private static readonly string[] Apps = ["portal", "webservices"];
    private readonly LabDriver driver = new(fixture, output);

    [Fact]
    public async Task Plan_SimulatedStagingToTheLab_EachAppsLiveAndNextReleaseWithItsCommitsAndNothingChanged()
    {
        using var cts = new CancellationTokenSource(LabDriver.DeployDeadline);
        var ct = cts.Token;
        await driver.TimedAsync("example apps deployed", () => driver.Lab.EnsureDeployedAsync(ct));
        var reportBefore = await driver.DokkuAsync(ct, "graduate:report");
        var (jsonCode, json, jsonError) = await driver.GraduateAsync("plan staging production --json", ct);
        var (tableCode, table, tableError) = await driver.GraduateAsync("plan staging production", ct);
        driver.Log("graduate plan staging production:\n" + table + tableError);

        Assert.True(jsonCode == ExitCodes.Succeeded, jsonError);
        Assert.True(tableCode == ExitCodes.Succeeded, tableError);
        var plan = Json.Parse(json);
        var report = Json.Parse(reportBefore);
        foreach (var app in Apps)
        {
            var live = Json.Text(report, "apps", app, "deployedSha");
            var next = await driver.Lab.ShaAsync(app, "v2", ct);
            if (live == next)
            {
                Assert.Contains(plan.GetProperty("skipped").EnumerateArray(), s => s.GetProperty("app").GetString() == app && s.GetProperty("release").GetString() == next);
                continue;
            }

            var entry = Assert.Single(plan.GetProperty("apps").EnumerateArray(), a => a.GetProperty("app").GetString() == app);
            Assert.Equal(live, entry.GetProperty("live").GetString());
            Assert.Equal(next, entry.GetProperty("promote").GetString());
            // The example's history is v1 -> v2: one commit, read from staging's app repository.
            Assert.Equal(1, entry.GetProperty("commits").GetProperty("count").GetInt32());
            Assert.Equal(app + " v2", Assert.Single(entry.GetProperty("commits").GetProperty("list").EnumerateArray()).GetProperty("subject").GetString());
            Assert.Contains(app + " v2", table, StringComparison.Ordinal);
        }

        Assert.Empty(plan.GetProperty("refused").EnumerateArray());
        // Nothing on the real host changed.
        Assert.Equal(reportBefore, await driver.DokkuAsync(ct, "graduate:report"));
    }
}
