using Graduate.Cli.Configuration;

namespace Graduate.Cli.Tests;

/// <summary>A person's comments in graduate.yml survive the CLI's changes.</summary>
public sealed class ConfigCommentsTests : IDisposable
{
    private const string HandWritten =
        """
        # Our environments (ops team)
        environments:
          # the old staging box, retire in March
          staging: dokku@staging.example.com   # behind the VPN
          qa: dokku@qa.example.com
          production: ssh://dokku@prod.example.com:2222

        # hooks run on staging
        hooks:
          pre:
            # smoke test first
            - ./check.sh
          post:
            - ssh dokku@$ENVIRONMENT_URL run portal rake db:migrate
        # end of file note

        """;

    private readonly GraduateHome home = new();

    [Fact]
    public async Task HooksAddAndEnvRemove_HandCommentedFile_KeepCommentsAboveTheirEntries()
    {
        home.WriteConfig(HandWritten.ReplaceLineEndings("\n"));

        Assert.Equal(0, (await home.RunAsync("hooks add PRE ./lint.sh")).ExitCode);
        Assert.Equal(0, (await home.RunAsync("env rm qa")).ExitCode);
        var text = home.ReadConfig();

        Assert.StartsWith("# Our environments (ops team)\nenvironments:\n", text, StringComparison.Ordinal);
        Assert.Contains("  # the old staging box, retire in March\n  # behind the VPN\n  staging: dokku@staging.example.com\n", text, StringComparison.Ordinal);
        Assert.Contains("\n\n# hooks run on staging\nhooks:\n  pre:\n    # smoke test first\n    - ./check.sh\n    - ./lint.sh\n", text, StringComparison.Ordinal);
        Assert.EndsWith("\n# end of file note\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("qa", text, StringComparison.Ordinal);
        var reread = ConfigReader.Parse(text, "graduate.yml");
        Assert.Equal(["staging", "production"], reread.Environments.Select(e => e.Name));
        Assert.Equal(["./check.sh", "./lint.sh"], reread.PreHooks);
    }

    [Fact]
    public async Task ManyChanges_FileWrittenByTheCli_KeepsOneHeaderAndStaysStable()
    {
        await home.RunAsync("env add staging dokku@staging --no-check");
        var first = home.ReadConfig();
        await home.RunAsync("hooks add POST ./migrate.sh");
        await home.RunAsync("hooks rm POST 1");

        Assert.Equal(first, home.ReadConfig());
        Assert.Single(first.Split('\n'), l => l.StartsWith("# Graduate configuration.", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_CommentsYamlDotNetCannotPlace_KeepsTheChangeAndTheTrailingComments()
    {
        var comments = ConfigComments.Read("environments:\n  staging: dokku@staging\nhooks:\n  pre: [] # odd place\n# last words\n");

        Assert.Equal(["last words"], comments.Trailing);
    }

    public void Dispose() => home.Dispose();
}
