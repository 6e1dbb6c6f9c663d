using System.Text.Json;
using Graduate.Cli.Commands;
using Graduate.Cli.Configuration;
using Graduate.Cli.Graduations;

namespace Graduate.Cli.Tests;

/// <summary>What `start` asks for and what `status` and `watch` show of a graduation's approval.</summary>
public sealed class ApprovalViewsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 3, 0, 10, TimeSpan.Zero);

    private static readonly GraduateConfig Config = new()
    {
        Environments =
        [
            new EnvironmentEntry("staging", "dokku@staging.example.com"),
            new EnvironmentEntry("uat", "dokku@uat.example.com") { ApprovalRequired = true },
            new EnvironmentEntry("production", "dokku@prod.example.com") { ApprovalRequired = true, ApprovalTimeout = TimeSpan.FromHours(2) },
        ],
    };

    [Theory]
    [InlineData("staging", "uat", false, null, true, 1800)]
    [InlineData("staging", "production", false, null, true, 7200)]
    [InlineData("staging", "production", false, "10m", true, 600)]
    [InlineData("uat", "staging", false, null, false, 1800)]
    [InlineData("uat", "staging", true, null, true, 1800)]
    [InlineData("uat", "staging", false, "90s", true, 90)]
    public void BuildInput_ApprovalFromTheDestinationAndTheFlags(string source, string destination, bool flag, string? timeout, bool approval, int seconds)
    {
        var input = StartCommand.BuildInput(Config, source, destination, null, flag, timeout);

        Assert.Equal(approval, input.Approval);
        Assert.Equal(seconds, input.ApprovalTimeoutSeconds);
        Assert.Equal(approval ? 1800 + seconds : 1800, input.EffectiveGateTimeoutSeconds);
    }

    [Fact]
    public void Render_AwaitingApproval_SaysUntilWhenAndHowToDecide()
    {
        var text = StatusRenderer.Render(Status("awaiting-approval", """{"required":true,"state":"waiting","by":null,"note":null,"at":null,"deadline":"2026-11-24T03:30:00Z"}"""), Now);

        Assert.Contains(
            "awaiting approval until 2026-11-24 03:30:00Z: `graduate approve production [--note TEXT]` or `graduate reject production --reason TEXT`\n",
            text,
            StringComparison.Ordinal);
        Assert.DoesNotContain("approval: ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Approved_SaysWhoWhenAndTheNote()
    {
        var text = StatusRenderer.Render(Status("completed", """{"required":true,"state":"approved","by":"alice","note":"LGTM","at":"2026-11-24T03:10:00Z","deadline":"2026-11-24T03:30:00Z"}"""), Now);

        Assert.Contains("approved by alice at 2026-11-24 03:10:00Z: LGTM\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Between_ApprovalWaitingThenRejected_OneLineEach()
    {
        var staged = Status("post-hooks", """{"required":true,"state":"pending"}""");
        var waiting = Status("awaiting-approval", """{"required":true,"state":"waiting","deadline":"2026-11-24T03:30:00Z"}""");
        var rejected = Status("tearing-down", """{"required":true,"state":"rejected","by":"bob","note":"broken","at":"2026-11-24T03:05:00Z","deadline":"2026-11-24T03:30:00Z"}""");

        var first = GraduationChanges.Between(staged, waiting, Now);
        var second = GraduationChanges.Between(waiting, rejected, Now);

        Assert.Equal(["03:00:10 phase awaiting-approval", "03:00:10 awaiting approval until 2026-11-24 03:30:00Z: `graduate approve production [--note TEXT]` or `graduate reject production --reason TEXT`"], first.Select(c => c.ToLines()));
        var approval = Assert.Single(second, c => c.Event == "approval");
        Assert.Equal("rejected by bob at 2026-11-24 03:05:00Z: broken", approval.Text);
        Assert.Contains("\"state\":\"rejected\"", approval.ToJson(), StringComparison.Ordinal);
        Assert.Empty(GraduationChanges.Between(rejected, rejected, Now));
    }

    private static JsonElement Status(string phase, string approval)
    {
        using var document = JsonDocument.Parse(
            $$"""
            {"graduationId":"g-1","source":"staging","destination":"production","phase":"{{phase}}","outcome":null,
             "startedAt":"2026-11-24T03:00:00Z","finishedAt":null,"apps":[],"skipped":[],"hooks":[],"errors":[],
             "cancelRequested":false,"cancelReason":null,"cancelTooLate":false,"tag":null,"approval":{{approval}}}
            """);
        return document.RootElement.Clone();
    }
}
