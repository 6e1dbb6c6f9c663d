using System.Text.Json;
using Graduate.Cli.Graduations;

namespace Graduate.Cli.Tests;

public sealed class StatusRendererTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 3, 0, 10, TimeSpan.Zero);

    [Fact]
    public void Render_GraduationStatus_ShowsPhaseAppsWithTimesHooksWithTailAndErrors()
    {
        using var status = JsonDocument.Parse(
            """
            {"graduationId":"g-1","source":"staging","destination":"production","phase":"postHooks","outcome":null,
             "startedAt":"2026-11-24T03:00:00Z","finishedAt":null,
             "apps":[{"name":"portal","sha":"a1","previousSha":null,"state":"staged","pushStartedAt":"2026-11-24T03:00:01Z","stagedAt":"2026-11-24T03:00:05Z","liveAt":null,"finishedAt":null,"error":null},
                     {"name":"webservices","sha":"b2","previousSha":"b1","state":"failed","pushStartedAt":"2026-11-24T03:00:01Z","stagedAt":null,"liveAt":null,"finishedAt":"2026-11-24T03:01:06Z","error":"checks failed"}],
             "skipped":[],
             "hooks":[{"kind":"POST","index":1,"command":"ssh dokku@$ENVIRONMENT_URL run portal rake db:migrate","state":"failed","job":"post-1","exitCode":3,"logTail":["migrating","boom"]}],
             "errors":["POST hook 1 failed"],"cancelRequested":true,"cancelReason":"operator","cancelTooLate":false,"tag":null}
            """);

        var text = StatusRenderer.Render(status.RootElement, Now).ReplaceLineEndings("\n");

        Assert.StartsWith("phase: postHooks\n", text, StringComparison.Ordinal);
        Assert.Contains("graduationId: g-1\n", text, StringComparison.Ordinal);
        Assert.Contains("  portal       staged      9.0s\n", text, StringComparison.Ordinal);
        Assert.Contains("  webservices  failed      1m05s  ! checks failed\n", text, StringComparison.Ordinal);
        Assert.Contains("  POST 1  failed (exit 3)  ssh dokku@$ENVIRONMENT_URL run portal rake db:migrate\n      | migrating\n      | boom\n", text, StringComparison.Ordinal);
        Assert.Contains("error: POST hook 1 failed\n", text, StringComparison.Ordinal);
        Assert.Contains("cancel requested: operator\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("skipped", text, StringComparison.Ordinal);
        Assert.DoesNotContain("tag:", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_UnknownShape_PrintsItGenerically()
    {
        using var status = JsonDocument.Parse("""{"phase":"x","extra":{"a":1},"items":[{"k":"v"},"plain"]}""");

        var text = StatusRenderer.Render(status.RootElement, Now).ReplaceLineEndings("\n");

        Assert.Equal("phase: x\nextra: a=1\nitems:\n  - k=v\n  - plain\n", text);
    }
}
