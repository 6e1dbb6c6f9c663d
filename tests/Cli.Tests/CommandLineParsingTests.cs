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

    [Theory]
    [InlineData("hooks list MID")]
    [InlineData("hooks rm PRE first")]
    [InlineData("env add staging")]
    [InlineData("frobnicate")]
    [InlineData("env")]
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
        foreach (var command in new[] { "env", "hooks", "state", "start", "status", "watch", "list", "cancel", "worker" })
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
