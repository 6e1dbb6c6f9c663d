using System.Text.Json;

namespace Graduate.Cli.Tests;

/// <summary><c>graduate hooks ...</c> on a throwaway GRADUATE_HOME.</summary>
public sealed class HooksCommandTests : IDisposable
{
    private readonly GraduateHome home = new();

    [Fact]
    public async Task HooksAddListRemove_NumbersFromOneInRunOrder()
    {
        Assert.Equal(0, (await home.RunAsync("hooks", "add", "PRE", "./check.sh")).ExitCode);
        Assert.Equal(0, (await home.RunAsync("hooks", "add", "pre", "echo \"it's: fine\" # really")).ExitCode);
        Assert.Equal(0, (await home.RunAsync("hooks add POST ssh dokku@$ENVIRONMENT_URL run portal rake db:migrate")).ExitCode);

        var pre = await home.RunAsync("hooks list PRE");
        Assert.Equal("1. ./check.sh\n2. echo \"it's: fine\" # really\n", pre.Out.ReplaceLineEndings("\n"));
        var post = await home.RunAsync("hooks list post --json");
        using (var document = JsonDocument.Parse(post.Out))
        {
            var only = Assert.Single(document.RootElement.EnumerateArray());
            Assert.Equal(1, only.GetProperty("index").GetInt32());
            Assert.Equal("ssh dokku@$ENVIRONMENT_URL run portal rake db:migrate", only.GetProperty("command").GetString());
        }

        var removed = await home.RunAsync("hooks rm PRE 1");
        Assert.Equal(0, removed.ExitCode);
        Assert.Contains("./check.sh", removed.Out, StringComparison.Ordinal);
        Assert.Equal("1. echo \"it's: fine\" # really\n", (await home.RunAsync("hooks list PRE")).Out.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("hooks rm PRE 3", "There is no PRE hook 3 (they are numbered 1 to 1)")]
    [InlineData("hooks rm PRE 0", "There is no PRE hook 0")]
    [InlineData("hooks rm POST 1", "There are no POST hooks to remove")]
    public async Task HooksRemove_IndexOutOfRange_ExitsWithUsageErrorAndLeavesConfigUntouched(string commandLine, string message)
    {
        await home.RunAsync("hooks add PRE ./check.sh");
        var before = home.ReadConfig();

        var result = await home.RunAsync(commandLine);

        Assert.Equal(ExitCodes.UsageError, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Equal(before, home.ReadConfig());
    }

    [Fact]
    public async Task HooksAdd_MultiLineCommand_IsRefused()
    {
        var result = await home.RunAsync("hooks", "add", "POST", "echo one\necho two");

        Assert.Equal(ExitCodes.UsageError, result.ExitCode);
        Assert.Contains("one non-empty shell line", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(home.ConfigPath));
    }

    [Fact]
    public async Task HooksList_None_SaysHowToAddOne()
    {
        var result = await home.RunAsync("hooks list POST");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("graduate hooks add POST", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HooksAdd_ManyAtOnce_NoneIsLost()
    {
        var adds = Enumerable.Range(1, 12).Select(i => Task.Run(() => home.RunAsync("hooks", "add", "PRE", $"step-{i}.sh")));
        var results = await Task.WhenAll(adds);

        Assert.All(results, r => Assert.Equal(0, r.ExitCode));
        var listed = (await home.RunAsync("hooks list PRE")).Out.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal(12, listed.Length);
        Assert.Equal(Enumerable.Range(1, 12).Select(i => $"step-{i}.sh").Order(StringComparer.Ordinal), listed.Select(l => l[(l.IndexOf(' ', StringComparison.Ordinal) + 1)..]).Order(StringComparer.Ordinal));
    }

    public void Dispose() => home.Dispose();
}
