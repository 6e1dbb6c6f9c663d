using Graduate.Cli.Commands;
using Graduate.Cli.Configuration;
using Graduate.Cli.Temporal;
using Microsoft.Extensions.DependencyInjection;

namespace Graduate.Cli.Tests;

/// <summary>Real command lines through the real root command.</summary>
public sealed class CommandLineParsingTests : IDisposable
{
    private readonly GraduateHome home = new();
    private readonly ServiceProvider services;
    private readonly GraduateRootCommand root;

    public CommandLineParsingTests()
    {
        services = GraduateCli.BuildServices(new CliContext(TextWriter.Null, TextWriter.Null, new Dictionary<string, string>()));
        root = services.GetRequiredService<GraduateRootCommand>();
    }

    [Fact]
    public void Parse_StartWithEveryOption_ReadsEachValue()
    {
        var result = root.Parse("start staging production --apps portal,webservices --wait --json --address 10.0.0.5:7233 -n prod --task-queue q1");

        Assert.Empty(result.Errors);
        Assert.Equal("staging", result.GetValue(StartCommand.SourceArgument));
        Assert.Equal("production", result.GetValue(StartCommand.DestinationArgument));
        Assert.Equal("portal,webservices", result.GetValue(StartCommand.AppsOption));
        Assert.True(result.GetValue(StartCommand.WaitOption));
        Assert.True(result.GetValue(StartCommand.JsonOption));
        Assert.Equal("10.0.0.5:7233", result.GetValue(TemporalOptions.Address));
        Assert.Equal("prod", result.GetValue(TemporalOptions.Namespace));
        Assert.Equal("q1", result.GetValue(TemporalOptions.TaskQueue));
    }

    [Fact]
    public void Parse_HistoryWithEveryOption_ReadsEachValueAndDefaultsTheLimit()
    {
        var result = root.Parse("history production --json --limit 5 --from staging");
        var plain = root.Parse("history production");

        Assert.Empty(result.Errors);
        Assert.Equal("production", result.GetValue(HistoryCommand.DestinationArgument));
        Assert.True(result.GetValue(HistoryCommand.JsonOption));
        Assert.Equal(5, result.GetValue(HistoryCommand.LimitOption));
        Assert.Equal("staging", result.GetValue(HistoryCommand.FromOption));
        Assert.Empty(plain.Errors);
        Assert.Equal(HistoryCommand.DefaultLimit, plain.GetValue(HistoryCommand.LimitOption));
        Assert.Null(plain.GetValue(HistoryCommand.FromOption));
    }

    [Fact]
    public void Parse_HookCommandWithOptionsAndVariables_KeepsEveryWord()
    {
        var result = root.Parse(["hooks", "add", "post", "ssh", "dokku@$ENVIRONMENT_URL", "run", "portal", "rake", "db:migrate"]);

        Assert.Empty(result.Errors);
        Assert.Equal(HookKind.Post, result.GetValue(HooksAddCommand.KindArgument));
        Assert.Equal(["ssh", "dokku@$ENVIRONMENT_URL", "run", "portal", "rake", "db:migrate"], result.GetValue(HooksAddCommand.CommandArgument)!);
    }

    [Fact]
    public void Parse_CancelWithQuotedReason_ReadsTheReason()
    {
        var result = root.Parse("cancel production --reason \"bad build\"");

        Assert.Empty(result.Errors);
        Assert.Equal("production", result.GetValue(CancelCommand.IdArgument));
        Assert.Equal("bad build", result.GetValue(CancelCommand.ReasonOption));
    }

    [Fact]
    public void Parse_ApproveAndReject_ReadNoteAndReason()
    {
        var approve = root.Parse("approve production --note \"checked on staging\"");
        var reject = root.Parse("reject graduate-production --reason \"checkout broken\"");
        var start = root.Parse("start staging production --approval --approval-timeout 45m");

        Assert.Empty(approve.Errors);
        Assert.Equal("production", approve.GetValue(ApproveCommand.IdArgument));
        Assert.Equal("checked on staging", approve.GetValue(ApproveCommand.NoteOption));
        Assert.Empty(reject.Errors);
        Assert.Equal("graduate-production", reject.GetValue(RejectCommand.IdArgument));
        Assert.Equal("checkout broken", reject.GetValue(RejectCommand.ReasonOption));
        Assert.Empty(start.Errors);
        Assert.True(start.GetValue(StartCommand.ApprovalOption));
        Assert.Equal("45m", start.GetValue(StartCommand.ApprovalTimeoutOption));
    }

    [Theory]
    [InlineData("approve ../etc", ExitCodes.UsageError, "Invalid environment name")]
    [InlineData("approve \"Prod;rm -rf\"", ExitCodes.UsageError, "Invalid environment name")]
    [InlineData("approve graduate-", ExitCodes.UsageError, "Invalid environment name")]
    [InlineData("approve nowhere", ExitCodes.ConfigurationError, "Unknown environment 'nowhere'")]
    [InlineData("reject nowhere --reason x", ExitCodes.ConfigurationError, "Unknown environment 'nowhere'")]
    [InlineData("reject production --reason \" \"", ExitCodes.UsageError, "--reason is empty")]
    [InlineData("start staging production --approval-timeout soon", ExitCodes.UsageError, "--approval-timeout 'soon' is not a duration")]
    [InlineData("start staging production --approval-timeout 200h", ExitCodes.UsageError, "--approval-timeout '200h' is not a duration")]
    public async Task Invoke_ApprovalBadInput_RefusedInOneSentenceBeforeConnecting(string commandLine, int exitCode, string problem)
    {
        home.WriteConfig("environments:\n  staging: dokku@staging.example.com\n  production: dokku@prod.example.com\n");

        // No Temporal address anywhere: a refusal that came after connecting would have started the embedded server.
        var result = await home.RunAsync(commandLine);

        Assert.Equal(exitCode, result.ExitCode);
        var line = Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
        Assert.Contains(problem, line, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    [Theory]
    [InlineData("hooks list MID")]
    [InlineData("hooks rm PRE first")]
    [InlineData("env add staging")]
    [InlineData("frobnicate")]
    [InlineData("env")]
    [InlineData("reject production")]
    public void Parse_WrongCommandLine_HasErrors(string commandLine)
    {
        Assert.NotEmpty(root.Parse(commandLine).Errors);
    }

    [Theory]
    [InlineData("hooks list MID")]
    [InlineData("hooks rm PRE first")]
    [InlineData("env add staging")]
    [InlineData("frobnicate")]
    [InlineData("start staging")]
    [InlineData("reject production")]
    public async Task Invoke_WrongCommandLine_ExitsWithUsageErrorAndSaysWhereHelpIs(string commandLine)
    {
        var result = await home.RunAsync(commandLine);

        Assert.Equal(ExitCodes.UsageError, result.ExitCode);
        Assert.Contains("--help", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
        Assert.False(File.Exists(home.ConfigPath));
    }

    [Fact]
    public async Task Invoke_Help_PrintsEveryCommandAndSucceeds()
    {
        var result = await home.RunAsync("--help");

        Assert.Equal(ExitCodes.Succeeded, result.ExitCode);
        foreach (var command in new[] { "env", "hooks", "state", "start", "status", "watch", "list", "cancel", "approve", "reject", "worker" })
        {
            Assert.Contains(command, result.Out, StringComparison.Ordinal);
        }
    }

    public void Dispose()
    {
        services.Dispose();
        home.Dispose();
    }
}
