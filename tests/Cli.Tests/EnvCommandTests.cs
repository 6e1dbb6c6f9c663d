using System.Text.Json;

namespace Graduate.Cli.Tests;

/// <summary><c>graduate env ...</c> on a throwaway GRADUATE_HOME.</summary>
public sealed class EnvCommandTests : IDisposable
{
    private readonly GraduateHome home = new();

    [Fact]
    public async Task EnvAddListRemove_OnEmptyHome_EditsGraduateYml()
    {
        Assert.Equal(0, (await home.RunAsync("env add staging dokku@staging.example.com --no-check")).ExitCode);
        Assert.Equal(0, (await home.RunAsync("env add production ssh://dokku@prod.example.com:2222 --no-check")).ExitCode);

        var list = await home.RunAsync("env list");
        Assert.Equal(0, list.ExitCode);
        Assert.Equal("staging     dokku@staging.example.com\nproduction  ssh://dokku@prod.example.com:2222\n", list.Out.ReplaceLineEndings("\n"));

        var json = await home.RunAsync("env list --json");
        using var document = JsonDocument.Parse(json.Out);
        Assert.Equal(["staging", "production"], document.RootElement.EnumerateArray().Select(e => e.GetProperty("name").GetString()));

        var removed = await home.RunAsync("env rm staging");
        Assert.Equal(0, removed.ExitCode);
        Assert.Equal("production  ssh://dokku@prod.example.com:2222\n", (await home.RunAsync("env list")).Out.ReplaceLineEndings("\n"));
        Assert.Contains("production: ssh://dokku@prod.example.com:2222", home.ReadConfig(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnvList_NoEnvironments_SaysHowToAddOne()
    {
        var result = await home.RunAsync("env list");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("graduate env add", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("env add Staging dokku@staging --no-check", "Invalid environment name 'Staging'")]
    [InlineData("env add staging https://staging --no-check", "Invalid environment URL")]
    [InlineData("env add staging dokku@-oProxyCommand=x --no-check", "Invalid environment URL")]
    [InlineData("env add existing dokku@other --no-check", "already exists")]
    public async Task EnvAdd_BadInput_ExitsWithUsageErrorAndLeavesConfigUntouched(string commandLine, string message)
    {
        await home.RunAsync("env add existing dokku@existing --no-check");
        var before = home.ReadConfig();

        var result = await home.RunAsync(commandLine);

        Assert.Equal(ExitCodes.UsageError, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
        Assert.Equal(before, home.ReadConfig());
    }

    [Fact]
    public async Task EnvAdd_SameNameAndUrlAgain_SucceedsWithoutChangingAnything()
    {
        await home.RunAsync("env add staging dokku@staging --no-check");
        var before = home.ReadConfig();

        var again = await home.RunAsync("env add staging dokku@staging --no-check");

        Assert.Equal(0, again.ExitCode);
        Assert.Contains("already dokku@staging", again.Out, StringComparison.Ordinal);
        Assert.Equal(before, home.ReadConfig());
    }

    [Fact]
    public async Task EnvRemove_UnknownName_IsAConfigurationErrorNamingTheKnownOnes()
    {
        await home.RunAsync("env add staging dokku@staging --no-check");
        var before = home.ReadConfig();

        var result = await home.RunAsync("env rm prod");

        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains("Unknown environment 'prod' (known: staging)", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, home.ReadConfig());
    }

    [Fact]
    public async Task AnyCommand_HandEditMistake_ExitsWithConfigurationErrorNamingTheLine()
    {
        home.WriteConfig("environments:\n  staging: dokku@staging\n  Prod: dokku@prod\n");
        var before = home.ReadConfig();

        var list = await home.RunAsync("env list");
        var add = await home.RunAsync("env add qa dokku@qa --no-check");

        Assert.Equal(ExitCodes.ConfigurationError, list.ExitCode);
        Assert.StartsWith(home.ConfigPath + ":3: Invalid environment name 'Prod'", list.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ConfigurationError, add.ExitCode);
        Assert.Equal(before, home.ReadConfig());
    }

    [Fact]
    public async Task EnvAdd_HostRunsThePlugin_ChecksItThenRecordsIt()
    {
        using var host = new FakeDokkuHost();

        var result = await home.RunAsync("env add staging " + host.Url);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("runs the graduate plugin 0.9.0", result.Out, StringComparison.Ordinal);
        Assert.Equal(["graduate:version"], host.Commands);
        Assert.Contains("staging: " + host.Url, home.ReadConfig(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnvAdd_HostUnreachable_ExitsUnreachableAndRecordsNothing()
    {
        var missing = Path.Combine(Path.GetTempPath(), "graduate-no-such-host-" + Guid.NewGuid().ToString("N"));

        var result = await home.RunAsync("env add staging local://" + missing);

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.NotEqual("", result.Error);
        Assert.False(File.Exists(home.ConfigPath));
    }

    [Fact]
    public async Task EnvLink_TwoEnvironments_AddsTheSourceKeyOnTheDestination()
    {
        using var staging = new FakeDokkuHost();
        using var production = new FakeDokkuHost();
        await home.RunAsync("env add staging " + staging.Url + " --no-check");
        await home.RunAsync("env add production " + production.Url + " --no-check");

        var result = await home.RunAsync("env link staging production");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["graduate:key"], staging.Commands);
        Assert.Equal(["ssh-keys:add graduate-staging"], production.Commands);
        Assert.Contains(FakeDokkuHost.PublicKey, production.Keys, StringComparison.Ordinal);

        var again = await home.RunAsync("env link staging production");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("already trusts a key named graduate-staging", again.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StateStatus_DirtyRepo_ListsThePathsAndJsonSaysNotClean()
    {
        using var staging = new FakeDokkuHost { StateStatusJson = """{"clean":false,"dirty":["config/portal/ENV","nginx.conf.d/x"]}""" };
        await home.RunAsync("env add staging " + staging.Url + " --no-check");

        var text = await home.RunAsync("state status staging");
        var json = await home.RunAsync("state status staging --json");
        var init = await home.RunAsync("state init staging");

        Assert.Equal(0, text.ExitCode);
        Assert.Contains("  config/portal/ENV\n", text.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json.Out);
        Assert.False(document.RootElement.GetProperty("clean").GetBoolean());
        Assert.Equal(2, document.RootElement.GetProperty("dirty").GetArrayLength());
        Assert.Equal(0, init.ExitCode);
        Assert.True(staging.StateInitialized);
    }

    public void Dispose() => home.Dispose();
}
