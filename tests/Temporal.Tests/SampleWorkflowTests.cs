using Graduate.TestWorker;

namespace Graduate.Temporal.Tests;

[Collection(TemporalCollection.Name)]
public sealed class SampleWorkflowTests(TemporalFixture fixture)
{
    [Fact]
    public async Task Sample_SignalledAfterQuery_CompletesWithActivityResultsAndSigner()
    {
        var handle = await fixture.Client.StartWorkflowAsync("Sample", [new SampleInput("ours", 50)], fixture.Options("sample"));

        await Eventually.TrueAsync(async () => await handle.QueryAsync<string>("phase", []) == "waiting for approval");
        await handle.SignalAsync("approve", ["alice"]);
        var result = await handle.GetResultAsync<SampleResult>();

        Assert.NotNull(result);
        Assert.Equal(["ours-1", "ours-2"], result.Echoes);
        Assert.Equal("alice", result.ApprovedBy);
    }
}
