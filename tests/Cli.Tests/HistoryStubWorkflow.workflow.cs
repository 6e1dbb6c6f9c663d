using System.Text.Json;
using System.Text.Json.Nodes;
using Temporalio.Workflows;

namespace Graduate.Cli.Tests;

/// <summary>
/// Stands in for the Graduation workflow (and the rollback that runs as the same type) in history tests: it takes any
/// input, answers <c>status</c> with each app of the input <c>pushing</c>, and completes with whatever result the
/// <c>finish</c> signal carries, so a test can produce a completed, failed or rolled-back run without hosts.
/// </summary>
[Workflow("Graduation")]
public sealed class HistoryStubWorkflow
{
    private JsonElement input;
    private JsonElement? result;

    [WorkflowRun]
    public async Task<JsonElement> RunAsync(JsonElement input)
    {
        this.input = input;
        await Workflow.WaitConditionAsync(() => result is not null);
        return result!.Value;
    }

    [WorkflowSignal("finish")]
    public Task FinishAsync(JsonElement result)
    {
        this.result = result;
        return Task.CompletedTask;
    }

    [WorkflowQuery("status")]
    public JsonObject Status
    {
        get
        {
            var apps = new JsonArray();
            if (input.ValueKind == JsonValueKind.Object && input.TryGetProperty("apps", out var names) && names.ValueKind == JsonValueKind.Array)
            {
                foreach (var name in names.EnumerateArray())
                {
                    apps.Add(new JsonObject { ["name"] = name.GetString(), ["state"] = "pushing" });
                }
            }

            return new JsonObject { ["phase"] = "staging", ["apps"] = apps };
        }
    }
}
