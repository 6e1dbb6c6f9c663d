using System.Text.Json;
using Graduate.Cli.Graduations;

namespace Graduate.Cli.Tests;

/// <summary>What a pipe or CI log shows of a graduation: one line per change, never a repeated block.</summary>
public sealed class GraduationChangesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 3, 0, 10, TimeSpan.Zero);
    private static readonly string[] HookFailed = ["POST hook 1 failed"];

    [Fact]
    public void Between_FirstLook_SaysWhatGraduatesThenPhaseAppsAndSkipped()
    {
        var changes = GraduationChanges.Between(null, Status("staging", ("portal", "pushing"), ("webservices", "pending")), Now);

        Assert.Equal(
            [
                "03:00:10 graduating portal, webservices from staging to production",
                "03:00:10 phase staging",
                "03:00:10 portal pushing aaaaaaaaaaaa",
                "03:00:10 webservices pending",
                "03:00:10 docs skipped: production already runs cccc",
            ],
            changes.Select(c => c.ToLines()));
    }

    [Fact]
    public void Between_FirstLookAtARollback_SaysWhichTagItRollsBackTo()
    {
        var status = JsonSerializer.SerializeToElement(new
        {
            graduationId = "g-2",
            source = "staging",
            destination = "production",
            phase = "preflight",
            apps = new[] { new { name = "portal", state = "pending" } },
            rollbackTo = "production/20261101120000",
        });

        var first = GraduationChanges.Between(null, status, Now)[0];

        Assert.Equal("03:00:10 rolling portal of production back to production/20261101120000 (releases pushed from staging)", first.ToLines());
        Assert.Equal("production/20261101120000", first.Fields["rollbackTo"]);
    }

    [Fact]
    public void Between_NothingChanged_NoLine()
    {
        var status = Status("staging", ("portal", "pushing"));

        Assert.Empty(GraduationChanges.Between(status, status, Now));
    }

    [Fact]
    public void Between_AppStagedHookFinishedErrorAndTag_OneLineEachWithTheHooksOutput()
    {
        var before = Status("staging", ("portal", "pushing"), ("webservices", "staged"));
        var after = Status(
            "post-hooks",
            [("portal", "staged"), ("webservices", "staged")],
            hookState: "failed",
            errors: ["POST hook 1 failed"],
            tag: "production/20261124030010");

        var lines = GraduationChanges.Between(before, after, Now).Select(c => c.ToLines()).ToList();

        Assert.Equal(
            [
                "03:00:10 phase post-hooks",
                "03:00:10 portal staged after 4.0s (built, checked, held at its gate)",
                "03:00:10 POST hook 1 failed (exit 3)\n    | migrating\n    | boom",
                "03:00:10 error: POST hook 1 failed",
                "03:00:10 tagged production/20261124030010",
            ],
            lines);
    }

    [Fact]
    public void Between_SeveralChangesInOneAnswer_InTheOrderTheyHappened()
    {
        // One answer after the POST hook failed: portal was staged (03:00:05), the hook failed (03:00:06), then the
        // workflow began tearing down (03:00:07) and aborted portal (03:00:08); the last look saw it pushing.
        var before = JsonSerializer.SerializeToElement(new
        {
            phase = "staging",
            phaseSince = "2026-11-24T03:00:01Z",
            apps = new[] { new { name = "portal", state = "pushing", pushStartedAt = "2026-11-24T03:00:01Z", stagedAt = (string?)null, finishedAt = (string?)null } },
            hooks = new[] { new { kind = "POST", index = 1, state = "pending", startedAt = (string?)null, finishedAt = (string?)null } },
            errors = Array.Empty<string>(),
        });
        var after = JsonSerializer.SerializeToElement(new
        {
            phase = "tearing-down",
            phaseSince = "2026-11-24T03:00:07Z",
            apps = new[] { new { name = "portal", state = "aborted", pushStartedAt = "2026-11-24T03:00:01Z", stagedAt = "2026-11-24T03:00:05Z", finishedAt = "2026-11-24T03:00:08Z" } },
            hooks = new[] { new { kind = "POST", index = 1, state = "failed", startedAt = "2026-11-24T03:00:05Z", finishedAt = "2026-11-24T03:00:06Z" } },
            errors = HookFailed,
        });

        var lines = GraduationChanges.Between(before, after, Now).Select(c => c.ToLines()).ToList();

        Assert.Equal(
            [
                "03:00:10 portal staged after 4.0s (built, checked, held at its gate)",
                "03:00:10 POST hook 1 failed",
                "03:00:10 error: POST hook 1 failed",
                "03:00:10 phase tearing-down",
                "03:00:10 portal aborted",
            ],
            lines);
    }

    [Fact]
    public void ToJson_Change_OneObjectWithTimeEventTextAndFields()
    {
        var change = GraduationChanges.Between(Status("staging", ("portal", "pushing")), Status("staging", ("portal", "live")), Now).Single();

        using var json = JsonDocument.Parse(change.ToJson());

        Assert.Equal("app", json.RootElement.GetProperty("event").GetString());
        Assert.Equal("portal", json.RootElement.GetProperty("app").GetString());
        Assert.Equal("live", json.RootElement.GetProperty("state").GetString());
        Assert.Equal("portal live", json.RootElement.GetProperty("text").GetString());
        Assert.Equal(Now, json.RootElement.GetProperty("time").GetDateTimeOffset());
        Assert.DoesNotContain('\n', change.ToJson());
    }

    private static JsonElement Status(string phase, params (string Name, string State)[] apps) => Status(phase, apps, "pending");

    private static JsonElement Status(string phase, (string Name, string State)[] apps, string hookState, string[]? errors = null, string? tag = null)
    {
        var status = new
        {
            graduationId = "g-1",
            source = "staging",
            destination = "production",
            phase,
            startedAt = "2026-11-24T03:00:00Z",
            apps = apps.Select(a => new
            {
                name = a.Name,
                sha = "aaaaaaaaaaaaaaaa",
                state = a.State,
                pushStartedAt = "2026-11-24T03:00:01Z",
                stagedAt = a.State == "staged" ? "2026-11-24T03:00:05Z" : null,
                error = (string?)null,
            }),
            skipped = new[] { new { name = "docs", sha = "cccc", reason = "production already runs cccc" } },
            hooks = new[] { new { kind = "POST", index = 1, command = "./migrate", state = hookState, exitCode = hookState == "failed" ? 3 : (int?)null, logTail = hookState == "failed" ? new[] { "migrating", "boom" } : [] } },
            errors = errors ?? [],
            cancelRequested = false,
            tag,
        };
        return JsonSerializer.SerializeToElement(status);
    }
}
