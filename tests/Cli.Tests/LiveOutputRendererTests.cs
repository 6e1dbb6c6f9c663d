using Graduate.Cli.Graduations;
using Graduate.Temporal.Converters;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Workflow.V1;

namespace Graduate.Cli.Tests;

public sealed class LiveOutputRendererTests
{
    private static readonly string[] SevenLines = ["1", "2", "3", "4", "5", "6", "7"];
    private static readonly string[] LiveApps = ["portal"];

    [Fact]
    public void Render_RunningHookHeartbeat_ShowsItsJobAndTheLastLines()
    {
        var hook = Pending("RunPostHook", new { job = "post-1", exitCode = (int?)null, logTail = SevenLines });
        var silent = Pending("ArmGates", null);

        var text = LiveOutputRenderer.Render([hook, silent]).ReplaceLineEndings("\n");

        Assert.Equal("running:\n  RunPostHook post-1\n      | 3\n      | 4\n      | 5\n      | 6\n      | 7\n", text);
    }

    [Fact]
    public void Render_NoHeartbeatWithOutput_IsEmpty()
    {
        Assert.Equal("", LiveOutputRenderer.Render([Pending("GoLive", new { live = LiveApps })]));
    }

    private static PendingActivityInfo Pending(string type, object? details)
    {
        var info = new PendingActivityInfo { ActivityId = "1", ActivityType = new ActivityType { Name = type } };
        if (details is not null)
        {
            info.HeartbeatDetails = PayloadConverter.EncodeAll([details]);
        }

        return info;
    }
}
