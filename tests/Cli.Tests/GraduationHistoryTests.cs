using System.Text.Json;
using Graduate.Cli.History;
using Graduate.Dokku.Models;

namespace Graduate.Cli.Tests;

/// <summary>How <c>graduate history</c> joins Temporal's runs with a destination's tags, and reads what either holds.</summary>
public sealed class GraduationHistoryTests
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Merge_RunThatWroteATag_JoinedOnceWithTheManifestFillingWhatTheRunLacks()
    {
        var run = Run("r1", Noon, tag: "production/20260301120500");
        var tag = new StateTag("production/20260301120500", """{"apps":[{"name":"portal","sha":"b","previousSha":"a"}],"approval":{"by":"bob","note":"ok","at":"2026-03-01T12:04:00Z"}}""");

        var entry = Assert.Single(GraduationHistory.Merge([run], [tag], "staging", 10));

        Assert.Equal("r1", entry.RunId);
        Assert.Equal([new HistoryApp("portal", "b", "a", null)], entry.Apps);
        Assert.Equal("bob", entry.Approval?.By);
        Assert.Equal("approved", entry.Approval?.State);
    }

    [Fact]
    public void Merge_RunsAndTagsAlone_NewestFirstAndLimitedAcrossBoth()
    {
        var runs = new[] { Run("r2", Noon.AddHours(2)), Run("r1", Noon) };
        var tags = new[]
        {
            new StateTag("production/20260301130000", "written by the old plugin"),
            new StateTag("production/20260301110000", """{"apps":[],"rollbackTo":"production/20260101000000"}"""),
        };

        var all = GraduationHistory.Merge(runs, tags, "staging", 10);
        var three = GraduationHistory.Merge(runs, tags, "staging", 3);

        Assert.Equal(["r2", null, "r1", null], all.Select(e => e.RunId));
        Assert.Equal([null, "production/20260301130000", null, "production/20260301110000"], all.Select(e => e.RunId is null ? e.Tag : null));
        Assert.Equal(HistoryEntry.Rollback, all[3].Kind);
        Assert.Equal("production/20260101000000", all[3].RollbackTo);
        Assert.Equal("completed", all[1].Outcome);
        Assert.Empty(all[1].Apps);
        Assert.Equal(["r2", null, "r1"], three.Select(e => e.RunId));
    }

    [Theory]
    [InlineData("production/20260301120500", "2026-03-01T12:05:00+00:00")]
    [InlineData("production/latest", null)]
    [InlineData("production/20261399000000", null)]
    public void TagTime_TagName_TimeOfItsStampInUtc(string tag, string? expected)
    {
        Assert.Equal(expected is null ? null : DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), GraduationHistory.TagTime(tag));
    }

    [Fact]
    public void Apps_ResultManifestAndRollbackInput_ReadTheSameWay()
    {
        var result = Json("""{"apps":[{"name":"portal","beforeSha":"a","afterSha":"b","state":"live","release":"b"}]}""");
        var manifest = Json("""{"apps":[{"name":"portal","sha":"b","previousSha":"a"}]}""");
        var rollback = Json("""{"source":{"name":"staging"},"rollbackTo":"production/20260101000000","releases":{"portal":"a"}}""");
        var graduation = Json("""{"source":{"name":"staging"},"apps":["portal","webservices"]}""");

        Assert.Equal([new HistoryApp("portal", "b", "a", "live", "b")], HistoryJson.Apps(result));
        Assert.Equal([new HistoryApp("portal", "b", "a", null)], HistoryJson.Apps(manifest));
        Assert.Equal([new HistoryApp("portal", "a", null, null)], HistoryJson.Apps(rollback));
        Assert.Equal(["portal", "webservices"], HistoryJson.Apps(graduation).Select(a => a.Name));
        Assert.Empty(HistoryJson.Apps(Json("""{"source":{"name":"staging"}}""")));
        Assert.Null(HistoryJson.Parse("not json"));
    }

    private static HistoryEntry Run(string runId, DateTimeOffset started, string? tag = null) =>
        new(HistoryEntry.Graduation, null, tag is null ? "failed" : "completed", started, started.AddMinutes(5), "alice@laptop", null, "staging", [], tag, [], "graduate-production", runId, "http://ui/" + runId);

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
