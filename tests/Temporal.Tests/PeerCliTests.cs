using System.Text;
using System.Text.Json;
using Graduate.Temporal.Exceptions;
using Graduate.TestWorker;
using Temporalio.Api.Enums.V1;

namespace Graduate.Temporal.Tests;

/// <summary>The official <c>temporal</c> CLI as the peer client, driving OUR worker's Sample workflow.</summary>
[Collection(TemporalCollection.Name)]
public sealed class PeerCliTests(TemporalFixture fixture)
{
    [Fact]
    public async Task CliPeer_StartQuerySignalDescribeShowResult_SampleCompletesWithReadableJson()
    {
        var id = $"cli-{Guid.NewGuid():N}";

        await CliAsync("workflow", "start", "--type", "Sample", "-t", fixture.TaskQueue, "-w", id, "-i", """{"name":"cli","timerMs":50}""");
        await Eventually.TrueAsync(
            async () => QueryResult(await CliAsync("workflow", "query", "-w", id, "--name", "phase", "-o", "json")) == "waiting for approval",
            what: "CLI query 'phase' answers 'waiting for approval'");
        await CliAsync("workflow", "signal", "-w", id, "--name", "approve", "-i", "\"bob\"");
        using var result = JsonDocument.Parse(await CliAsync("workflow", "result", "-w", id, "-o", "json"));
        using var describe = JsonDocument.Parse(await CliAsync("workflow", "describe", "-w", id, "-o", "json"));
        using var show = JsonDocument.Parse(await CliAsync("workflow", "show", "-w", id, "-o", "json"));
        var detailed = await CliAsync("workflow", "show", "-w", id, "--detailed");

        // result and describe render our json/plain payloads as JSON values, not {metadata, data}.
        Assert.Equal("COMPLETED", result.RootElement.GetProperty("status").GetString());
        var value = result.RootElement.GetProperty("result");
        Assert.Equal("bob", value.GetProperty("approvedBy").GetString());
        Assert.Equal(["cli-1", "cli-2"], value.GetProperty("echoes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("cli", value.GetProperty("name").GetString());
        Assert.False(value.TryGetProperty("data", out _), "result shown as a raw payload");
        Assert.Equal("WORKFLOW_EXECUTION_STATUS_COMPLETED", describe.RootElement.GetProperty("workflowExecutionInfo").GetProperty("status").GetString());
        Assert.Equal("bob", describe.RootElement.GetProperty("result").GetProperty("approvedBy").GetString());

        // show -o json prints raw protojson (base64) by design, for SDK replay: check every payload our worker wrote
        // is exactly {"encoding": "json/plain"} with JSON data, which is what lets --detailed render it as fields.
        var ourPayloads = OurPayloads(show.RootElement).ToList();
        Assert.NotEmpty(ourPayloads);
        foreach (var payload in ourPayloads)
        {
            var metadata = payload.GetProperty("metadata").EnumerateObject().ToDictionary(p => p.Name, p => Decode(p.Value));
            Assert.Equal(new Dictionary<string, string> { ["encoding"] = "json/plain" }, metadata);
            using var data = JsonDocument.Parse(Decode(payload.GetProperty("data")));
        }

        Assert.Contains("result[0].approvedBy: bob", detailed, StringComparison.Ordinal);
        Assert.Contains("result[0]: cli-1", detailed, StringComparison.Ordinal);
        Assert.Contains("input[0]: bob", detailed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CliPeer_CancelWhileWaiting_SampleEndsCanceled()
    {
        var id = $"cli-cancel-{Guid.NewGuid():N}";
        await CliAsync("workflow", "start", "--type", "Sample", "-t", fixture.TaskQueue, "-w", id, "-i", """{"name":"cli-cancel","timerMs":50}""");
        var handle = fixture.Client.GetHandle(id);
        await Eventually.TrueAsync(async () => await handle.QueryAsync<string>("phase", []) == "waiting for approval", what: "Sample waits for approval");

        await CliAsync("workflow", "cancel", "-w", id);
        var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync<SampleResult>());
        using var describe = JsonDocument.Parse(await CliAsync("workflow", "describe", "-w", id, "-o", "json"));
        var (resultCode, resultOut, _) = await fixture.Server!.RunCliAsync(["workflow", "result", "-w", id, "-o", "json"]);

        Assert.Equal(WorkflowExecutionStatus.Canceled, error.Status);
        Assert.Equal("WORKFLOW_EXECUTION_STATUS_CANCELED", describe.RootElement.GetProperty("workflowExecutionInfo").GetProperty("status").GetString());
        Assert.NotEqual(0, resultCode);
        Assert.Equal("CANCELED", JsonDocument.Parse(resultOut).RootElement.GetProperty("status").GetString());
    }

    private async Task<string> CliAsync(params string[] args)
    {
        var (code, stdout, stderr) = await fixture.Server!.RunCliAsync(args);
        Assert.True(code == 0, $"temporal {string.Join(' ', args)} exited {code}: {stderr}{stdout}");
        return stdout;
    }

    private static string? QueryResult(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("queryResult")[0].GetString();
    }

    /// <summary>Payloads in events our worker wrote: activity inputs, activity results, the workflow result.</summary>
    private static IEnumerable<JsonElement> OurPayloads(JsonElement history)
    {
        foreach (var e in history.GetProperty("events").EnumerateArray())
        {
            foreach (var (attributes, field) in new[]
            {
                ("activityTaskScheduledEventAttributes", "input"),
                ("activityTaskCompletedEventAttributes", "result"),
                ("workflowExecutionCompletedEventAttributes", "result"),
            })
            {
                if (e.TryGetProperty(attributes, out var a) && a.TryGetProperty(field, out var payloads))
                {
                    foreach (var payload in payloads.GetProperty("payloads").EnumerateArray())
                    {
                        yield return payload;
                    }
                }
            }
        }
    }

    private static string Decode(JsonElement base64) => Encoding.UTF8.GetString(Convert.FromBase64String(base64.GetString()!));
}
