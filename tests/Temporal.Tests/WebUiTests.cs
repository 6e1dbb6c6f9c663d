using Graduate.Testing;
using Graduate.TestWorker;

namespace Graduate.Temporal.Tests;

/// <summary>What a person sees in the Temporal Web UI for a workflow our runtime ran.</summary>
[Collection(TemporalCollection.Name)]
public sealed class WebUiTests(TemporalFixture fixture)
{
    [Fact]
    public async Task WebUi_HistoryPageOfCompletedSample_ShowsWorkflowActivitiesAndJsonResult()
    {
        var handle = await fixture.Client.StartWorkflowAsync("Sample", [new SampleInput("webui", 1)], fixture.Options("webui"));
        await Eventually.TrueAsync(async () => await handle.QueryAsync<string>("phase", []) == "waiting for approval");
        await handle.SignalAsync("approve", ["browser"]);
        await handle.GetResultAsync<SampleResult>();

        var page = new Uri(fixture.Server!.UiUrl, $"/namespaces/default/workflows/{handle.Id}/{handle.RunId}/history");
        var dom = await HeadlessChromium.DumpDomAsync(page);

        Assert.Contains(handle.Id, dom, StringComparison.Ordinal);
        Assert.Contains("Sample", dom, StringComparison.Ordinal);
        Assert.Contains("Activity Task Scheduled", dom, StringComparison.Ordinal);
        Assert.Contains("Echo", dom, StringComparison.Ordinal);
        Assert.Contains("Workflow Execution Completed", dom, StringComparison.Ordinal);
        Assert.Contains("approvedBy", dom, StringComparison.Ordinal);
    }
}
