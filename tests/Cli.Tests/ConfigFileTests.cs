using Graduate.Cli.Configuration;

namespace Graduate.Cli.Tests;

public sealed class ConfigFileTests
{
    private static readonly GraduateConfig Sample = new()
    {
        Environments =
        [
            new EnvironmentEntry("staging", "dokku@staging.example.com"),
            new EnvironmentEntry("production", "ssh://dokku@prod.example.com:2222"),
            new EnvironmentEntry("demo", "local:///var/lib/graduate/demo"),
            new EnvironmentEntry("uat", "dokku@uat.example.com") { ApprovalRequired = true },
            new EnvironmentEntry("live", "dokku@live.example.com")
            {
                ApprovalRequired = true,
                ApprovalTimeout = TimeSpan.FromMinutes(90),
                EnvironmentSpecificConfig = ["SENTRY_ENVIRONMENT", "HOST_NAME"],
            },
        ],
        PreHooks = ["./check.sh --strict", "echo \"a: b\" # not a comment", "test -n '$LAST_TAG'"],
        PostHooks = ["ssh dokku@$ENVIRONMENT_URL run portal rake db:migrate", "- starts with a dash", "yes"],
        Temporal = new TemporalSection { Address = "temporal.internal:7233", Namespace = "graduate", TaskQueue = "graduate", Ui = "temporal.internal:8080" },
    };

    [Fact]
    public void Write_ThenParse_GivesBackTheSameConfiguration()
    {
        var text = ConfigWriter.Write(Sample);
        var read = ConfigReader.Parse(text, "graduate.yml");

        Assert.Equal(Sample.Environments, read.Environments);
        Assert.Equal(Sample.PreHooks, read.PreHooks);
        Assert.Equal(Sample.PostHooks, read.PostHooks);
        Assert.Equal(Sample.Temporal, read.Temporal);
    }

    [Theory]
    [InlineData("production", "staging")]
    [InlineData("live", "uat")]
    [InlineData("staging", null)]
    public void SourceBefore_Destination_IsTheEnvironmentListedJustBefore(string destination, string? source)
    {
        Assert.Equal(source, ConfigStore.SourceBefore(Sample, destination)?.Name);
    }

    [Fact]
    public void SourceBefore_UnknownDestination_ConfigurationErrorNamingIt()
    {
        var error = Assert.Throws<CliException>(() => ConfigStore.SourceBefore(Sample, "nowhere"));

        Assert.Equal(ExitCodes.ConfigurationError, error.ExitCode);
        Assert.Contains("Unknown environment 'nowhere'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Configuration_ReadsLikeAHandWrittenFile()
    {
        var text = ConfigWriter.Write(Sample with { Temporal = new TemporalSection() });

        Assert.StartsWith("# Graduate configuration.", text, StringComparison.Ordinal);
        Assert.Contains("\nenvironments:\n  staging: dokku@staging.example.com\n  production: ssh://dokku@prod.example.com:2222\n", text, StringComparison.Ordinal);
        Assert.Contains("\n\nhooks:\n  pre:\n    - ./check.sh --strict\n", text, StringComparison.Ordinal);
        Assert.Contains("    - ssh dokku@$ENVIRONMENT_URL run portal rake db:migrate\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("temporal:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n...", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_EnvironmentWithSettings_UsesTheMappingForm()
    {
        var text = ConfigWriter.Write(Sample with { Temporal = new TemporalSection() });

        Assert.Contains("\n  uat:\n    url: dokku@uat.example.com\n    approval: required\n", text, StringComparison.Ordinal);
        Assert.Contains(
            "\n  live:\n    url: dokku@live.example.com\n    approval: required\n    approvalTimeout: 1h30m\n    environmentSpecificConfig: [SENTRY_ENVIRONMENT, HOST_NAME]\n",
            text,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MappingForm_ReadsEverySetting()
    {
        var config = ConfigReader.Parse(
            "environments:\n  staging: dokku@staging\n  production: {url: dokku@prod, approval: required, approvalTimeout: 45m, environmentSpecificConfig: [SENTRY_ENV]}\n  uat:\n    url: dokku@uat\n    approval: none\n",
            "graduate.yml");

        var production = config.FindEnvironment("production")!;
        Assert.Equal("dokku@prod", production.Url);
        Assert.True(production.ApprovalRequired);
        Assert.Equal(TimeSpan.FromMinutes(45), production.ApprovalTimeout);
        Assert.Equal(["SENTRY_ENV"], production.EnvironmentSpecificConfig);
        Assert.False(config.FindEnvironment("uat")!.ApprovalRequired);
        Assert.False(config.FindEnvironment("uat")!.HasSettings);
        Assert.False(config.FindEnvironment("staging")!.HasSettings);
    }

    [Theory]
    [InlineData("30m", 1800)]
    [InlineData("2h", 7200)]
    [InlineData("1h30m", 5400)]
    [InlineData("900s", 900)]
    [InlineData("900", 900)]
    [InlineData(" 10m ", 600)]
    public void Durations_TryParse_AcceptsTheWrittenForms(string text, int seconds)
    {
        Assert.True(Durations.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
        Assert.True(Durations.TryParse(Durations.Format(duration), out var again));
        Assert.Equal(duration, again);
    }

    [Theory]
    [InlineData("")]
    [InlineData("m")]
    [InlineData("30 m")]
    [InlineData("-5m")]
    [InlineData("1.5h")]
    [InlineData("30min")]
    [InlineData("\u0663\u0660m")]
    [InlineData("99999999999999999999")]
    [InlineData("99999h")]
    public void Durations_TryParse_RefusesOtherText(string text)
    {
        Assert.False(Durations.TryParse(text, out _));
    }

    [Fact]
    public void Durations_Format_WritesHoursBeyondADay()
    {
        Assert.Equal("50h", Durations.Format(TimeSpan.FromHours(50)));
        Assert.Equal("0s", Durations.Format(TimeSpan.Zero));
    }

    [Fact]
    public void Write_EmptyConfiguration_ParsesBackEmpty()
    {
        var text = ConfigWriter.Write(new GraduateConfig());
        var read = ConfigReader.Parse(text, "graduate.yml");

        Assert.Contains("environments: {}", text, StringComparison.Ordinal);
        Assert.Contains("pre: []", text, StringComparison.Ordinal);
        Assert.Empty(read.Environments);
        Assert.Empty(read.PreHooks);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("# only a comment\n", 0)]
    [InlineData("environments:\nhooks:\n", 0)]
    [InlineData("environments:\n  staging: dokku@staging\nhooks:\n  pre: []\n", 1)]
    public void Parse_SparseFiles_AreValid(string text, int environments)
    {
        Assert.Equal(environments, ConfigReader.Parse(text, "graduate.yml").Environments.Count);
    }

    [Theory]
    [InlineData("environments:\n  staging: dokku@staging\n  Production: dokku@prod\n", 3, "Invalid environment name 'Production'")]
    [InlineData("environments:\n  staging: dokku@staging\n  production: https://prod.example.com\n", 3, "environment 'production': Invalid environment URL")]
    [InlineData("environments:\n  staging:\n", 2, "environment 'staging' needs a Dokku host URL")]
    [InlineData("environments:\n  staging: dokku@staging\nenviroments:\n  prod: dokku@prod\n", 3, "unknown key 'enviroments' at the top level")]
    [InlineData("environments:\n  staging: dokku@staging\nhooks:\n  pre: ./check.sh\n", 4, "'hooks.pre' must be a list")]
    [InlineData("hooks:\n  pre:\n    - ok.sh\n  during:\n    - x\n", 4, "unknown key 'during' under 'hooks'")]
    [InlineData("environments:\n  staging: dokku@staging\n  staging: dokku@other\n", 3, "not valid YAML")]
    [InlineData("environments:\n  staging: \"dokku@staging\n  production: dokku@prod\n", 2, "not valid YAML")]
    [InlineData("environments:\n  staging: dokku@staging\n bad-indent: x\n", 3, "not valid YAML")]
    [InlineData("- staging\n- production\n", 1, "must be a mapping")]
    [InlineData("temporal:\n  address:\n    - a\n", 3, "'temporal.address' must be a single value")]
    [InlineData("environments:\n  production:\n    approval: required\n", 3, "environment 'production' needs 'url: <its Dokku host>'")]
    [InlineData("environments:\n  production:\n    url: dokku@prod\n    approval: yes\n", 4, "'approval' of environment 'production' is 'yes': write 'required'")]
    [InlineData("environments:\n  production:\n    url: dokku@prod\n    approvalTimeout: soon\n", 4, "'approvalTimeout' of environment 'production' is 'soon'")]
    [InlineData("environments:\n  production:\n    url: dokku@prod\n    approvalTimeout: 0s\n", 4, "'approvalTimeout' of environment 'production' is '0s'")]
    [InlineData("environments:\n  production:\n    url: dokku@prod\n    approvalTimeout: 200h\n", 4, "from 1s to 168h")]
    [InlineData("environments:\n  production:\n    url: dokku@prod\n    aproval: required\n", 4, "unknown key 'aproval' under environment 'production'")]
    [InlineData("environments:\n  production:\n    url: dokku@prod\n    environmentSpecificConfig: SENTRY\n", 4, "must be a list of config key names")]
    [InlineData("environments:\n  production:\n    url: dokku@prod\n    environmentSpecificConfig: [OK, 'rm -rf']\n", 4, "'rm -rf' in 'environmentSpecificConfig' of environment 'production' is not a config key name")]
    [InlineData("environments:\n  production: {url: https://prod}\n", 2, "environment 'production': Invalid environment URL")]
    public void Parse_HandEditMistake_NamesFileLineAndProblem(string text, int line, string problem)
    {
        var error = Assert.Throws<ConfigFileException>(() => ConfigReader.Parse(text, "/home/me/.config/graduate/graduate.yml"));

        Assert.Equal(line, error.Line);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.StartsWith($"/home/me/.config/graduate/graduate.yml:{line}: ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("fix the file and run again.", error.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ConfigurationError, error.ExitCode);
    }

    [Fact]
    public void Load_MissingFile_IsAnEmptyConfiguration()
    {
        var config = ConfigReader.Load(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "graduate.yml"));

        Assert.Empty(config.Environments);
        Assert.True(config.Temporal.IsEmpty);
    }
}
