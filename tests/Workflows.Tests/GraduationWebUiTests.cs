using Graduate.Testing;

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
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = cts.Token;
        await using var harness = await GraduationHarness.StartAsync(temporal, ct);
        var input = harness.Input(
            preHooks: ["echo checking"],
            postHooks: ["sleep 2; ssh dokku@$ENVIRONMENT_URL run --no-tty portal ./migrate"]);

        var handle = await harness.StartAsync(input, ct);
        await Poll.UntilTrueAsync(
            "the stack trace names the running POST hook",
            async token =>
            {
                var stack = await handle.QueryAsync<string>("__stack_trace", [], token) ?? string.Empty;
                return (stack.Contains("POST hook 1: sleep 2", StringComparison.Ordinal), stack);
            },
            TimeSpan.FromSeconds(60),
            ct);
        var result = await handle.GetResultAsync<GraduationResult>(ct);
        Assert.Equal(GraduationOutcome.Completed, result!.Outcome);

        var page = new Uri(temporal.Server.UiUrl, $"/namespaces/default/workflows/{handle.Id}/{handle.RunId}/history");
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

        // The result is shown as JSON (CodeMirror wraps each token in a span): compare the page's text.
        var text = System.Text.RegularExpressions.Regex.Replace(dom, "<[^>]+>|\\s", string.Empty);
        Assert.Contains("\"outcome\":\"completed\"", text, StringComparison.Ordinal);
    }
}
