using Graduate.Cli.Graduations;
using Graduate.Workflows;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Workflow.V1;

namespace Graduate.Cli.Tests;

public sealed class LiveOutputRendererTests
{
    private static readonly string[] SevenLines = ["1", "2", "3", "4", "5", "6", "7"];
    private static readonly string[] LiveApps = ["portal"];

    [Fact]
    public void Extract_RunningHookHeartbeat_ItsJobAndTheLastLines()
    {
        var hook = Pending("RunPostHook", new { job = "post-1", exitCode = (int?)null, logTail = SevenLines });
        var silent = Pending("ArmGates", null);

        var output = Assert.Single(LiveOutputRenderer.Extract([hook, silent]));

        Assert.Equal(("RunPostHook", "post-1"), (output.Activity, output.Summary));
        Assert.Equal(["3", "4", "5", "6", "7"], output.Lines);
    }

    [Fact]
    public void Extract_NoHeartbeatWithOutput_IsEmpty()
    {
        Assert.Empty(LiveOutputRenderer.Extract([Pending("GoLive", new { live = LiveApps })]));
    }

    private static PendingActivityInfo Pending(string type, object? details)
    {
        var info = new PendingActivityInfo { ActivityId = "1", ActivityType = new ActivityType { Name = type } };
        if (details is not null)
        {
            info.HeartbeatDetails = new Payloads { Payloads_ = { GraduateDataConverter.Instance.PayloadConverter.ToPayload(details) } };
        }

        return info;
    }
}
