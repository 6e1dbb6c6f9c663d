using Graduate.Activities;
using Graduate.Workflows.Contracts;

namespace Graduate.Workflows.Tests;

public sealed class HookScriptTests
{
    private static readonly EnvironmentRef Staging = new("staging", "dokku@staging.example.com");
    private static readonly EnvironmentRef Production = new("production", "ssh://dokku@prod.example.com:2222");

    [Fact]
    public void Script_Hook_ExportsTheEnvironmentBeforeTheCommand()
    {
        var input = new HookInput("g-1", Staging, Production, ["portal", "webservices"], 1, "ssh dokku@$ENVIRONMENT_URL run portal rake db:migrate", "production/20260101000000");

        var lines = HookRunner.Script(input).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(
            [
                "export ENVIRONMENT_URL=prod.example.com",
                "export LAST_TAG=production/20260101000000",
                "export GRADUATE_ID=g-1",
                "export GRADUATE_SOURCE=staging",
                "export GRADUATE_DESTINATION=production",
                "export GRADUATE_APPS='portal webservices'",
                "ssh dokku@$ENVIRONMENT_URL run portal rake db:migrate",
            ],
            lines);
    }

    [Fact]
    public void Script_NoLastTag_ExportsEmptyQuotedValue()
    {
        var input = new HookInput("g-1", Staging, Production, ["portal"], 1, "true", null);

        Assert.Contains("export LAST_TAG=''\n", HookRunner.Script(input), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dokku@prod.example.com", "dokku@prod.example.com:portal")]
    [InlineData("ssh://dokku@prod.example.com:2222", "ssh://dokku@prod.example.com:2222/portal")]
    [InlineData("ssh://dokku@prod.example.com", "dokku@prod.example.com:portal")]
    public void GitRemote_DestinationUrl_RemoteTheSourcePushesTo(string url, string remote) =>
        Assert.Equal(remote, Environments.GitRemote(new EnvironmentRef("production", url), "portal"));

    [Fact]
    public void GitRemote_LocalDestination_NonRetryableFailure()
    {
        var error = Assert.Throws<Temporalio.Exceptions.ApplicationFailureException>(
            () => Environments.GitRemote(new EnvironmentRef("production", "local:///tmp/prod"), "portal"));

        Assert.True(error.NonRetryable);
        Assert.Equal(FailureTypes.InvalidInput, error.ErrorType);
    }

    [Fact]
    public void Manifest_Apps_NameShaAndPreviousSha()
    {
        var manifest = TagEnvironmentActivity.Manifest([new AppPlan("portal", "bbbbbbb", "aaaaaaa"), new AppPlan("webservices", "ddddddd", null)]);

        Assert.Equal("""{"apps":[{"name":"portal","sha":"bbbbbbb","previousSha":"aaaaaaa"},{"name":"webservices","sha":"ddddddd","previousSha":null}]}""", manifest);
    }

    [Theory]
    [InlineData("graduate-production", "01a20b54-857b", "graduate-production.01a20b54-857b")]
    [InlineData("graduate production/x", "r1", "graduate-production-x.r1")]
    [InlineData("_odd", "r1", "g_odd.r1")]
    public void PluginGraduationId_WorkflowAndRunId_ValidForThePlugin(string workflowId, string runId, string expected) =>
        Assert.Equal(expected, GraduationWorkflow.PluginGraduationId(workflowId, runId));
}
