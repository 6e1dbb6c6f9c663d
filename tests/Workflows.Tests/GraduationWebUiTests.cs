using Graduate.Testing;
using Temporalio.Api.Sdk.V1;

namespace Graduate.Workflows.Tests;

/// <summary>
/// A graduation the way a person sees it in the Temporal Web UI: headless Chromium loads the workflow's page and
/// finds the workflow and the activities that say what they do; the Call Stack tab's query names the running step.
/// </summary>
[Collection(GraduationCollection.Name)]
public sealed class GraduationWebUiTests(TemporalServerFixture temporal)
{
    [Fact]
    public async Task WebUi_CompletedGraduation_PageShowsWorkflowAndEveryStepByName()
    {
        using var cts = new CancellationTokenSource(GraduationHarness.TestDeadline);
        var ct = cts.Token;
        await using var harness = await GraduationHarness.StartAsync(temporal, ct);
        var input = harness.Input(
            preHooks: ["echo checking"],
            postHooks: ["sleep 2; ssh dokku@$ENVIRONMENT_URL run --no-tty portal ./migrate"]);

        var handle = await harness.StartAsync(input, ct);
        // The Web UI shows the workflow's current details (Workflow.CurrentDetails) from this built-in query.
        await Poll.UntilTrueAsync(
            "the current details name the running POST hook",
            async token =>
            {
                var metadata = await handle.QueryAsync<WorkflowMetadata>("__temporal_workflow_metadata", [], new() { Rpc = new() { CancellationToken = token } });
                return (metadata.CurrentDetails.Contains("POST hook 1: sleep 2", StringComparison.Ordinal), metadata.CurrentDetails);
            },
            GraduationHarness.StepDeadline,
            ct);
        var result = await handle.ResultAsync(ct);
        Assert.Equal(GraduationOutcome.Completed, result!.Outcome);

        var page = new Uri(temporal.Server.UiUrl, $"/namespaces/default/workflows/{handle.Id}/{handle.ResultRunId}/history");
        var dom = await HeadlessChromium.DumpDomAsync(page, ct);
        Assert.Contains(handle.Id, dom, StringComparison.Ordinal);
        Assert.Contains("Graduation", dom, StringComparison.Ordinal);
        foreach (var activity in new[]
        {
            ActivityNames.Preflight, ActivityNames.RunPreHook, ActivityNames.ArmGates, ActivityNames.PushApp, ActivityNames.CheckInstall,
            ActivityNames.RunPostHook, ActivityNames.GoLive, ActivityNames.TagEnvironment,
        })
        {
            Assert.Contains(activity, dom, StringComparison.Ordinal);
        }

        // Each step's summary (the activity's user metadata) names what it works on.
        foreach (var summary in new[] { "push portal", "check-install webservices", "POST hook 1", "PRE hook 1" })
        {
            Assert.Contains(summary, dom, StringComparison.Ordinal);
        }

        // The result is shown as JSON (CodeMirror wraps each token in a span): compare the page's text.
        var text = System.Text.RegularExpressions.Regex.Replace(dom, "<[^>]+>|\\s", string.Empty);
        Assert.Contains("\"outcome\":\"completed\"", text, StringComparison.Ordinal);
    }
}
