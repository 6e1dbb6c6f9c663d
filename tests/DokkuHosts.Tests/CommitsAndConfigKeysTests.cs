using System.Text.Json;
using Graduate.Testing;

namespace Graduate.DokkuHosts.Tests;

/// <summary>
/// What `graduate plan` reads on the hosts: <c>graduate:commits</c> between two releases of an app's repository, and
/// config key names (<c>config:keys</c>, and <c>graduate:report</c>'s <c>configKeys</c>), on the seeded example.
/// </summary>
public sealed class CommitsAndConfigKeysTests(ExampleHostsFixture fixture) : IClassFixture<ExampleHostsFixture>
{
    private SimulatedDokku Sim => fixture.Sim;

    [Fact]
    public async Task Commits_V1AbbreviatedToV2_ListsTheOneCommitWithSubjectAndAuthor()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = cts.Token;
        var v1 = await Sim.ShaAsync("portal", "v1", ct);
        var v2 = await Sim.ShaAsync("portal", "v2", ct);

        var result = (await Sim.RunDokkuAsync(fixture.Staging, ct, "graduate:commits", "portal", v1[..7], v2)).EnsureSuccess("graduate:commits");
        var none = (await Sim.RunDokkuAsync(fixture.Staging, ct, "graduate:commits", "portal", v2, v2)).EnsureSuccess("graduate:commits");

        using var json = JsonDocument.Parse(result.StandardOutput);
        var root = json.RootElement;
        Assert.Equal("portal", root.GetProperty("app").GetString());
        Assert.Equal(v1, root.GetProperty("from").GetString());
        Assert.Equal(v2, root.GetProperty("to").GetString());
        Assert.Equal(1, root.GetProperty("count").GetInt32());
        var commit = Assert.Single(root.GetProperty("commits").EnumerateArray());
        Assert.Equal(v2, commit.GetProperty("sha").GetString());
        Assert.Equal("portal v2", commit.GetProperty("subject").GetString());
        Assert.Equal("sim <sim@localhost>", commit.GetProperty("author").GetString());
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 2, TimeSpan.Zero), commit.GetProperty("date").GetDateTimeOffset());
        using var empty = JsonDocument.Parse(none.StandardOutput);
        Assert.Equal(0, empty.RootElement.GetProperty("count").GetInt32());
        Assert.Empty(empty.RootElement.GetProperty("commits").EnumerateArray());
    }

    [Theory]
    [InlineData("portal", "zzzzzzz", "v2", "Invalid sha 'zzzzzzz'")]
    [InlineData("portal", "HEAD", "v2", "Invalid sha 'HEAD'")]
    [InlineData("portal", "v1..v2", "v2", "Invalid sha 'v1..v2'")]
    [InlineData("portal", "1234567", "v2", "Commit 1234567 is not in portal's repository")]
    [InlineData("Bad_App", "1234567", "v2", "Invalid app name")]
    [InlineData("nothere", "1234567", "v2", "App nothere has no repository")]
    public async Task Commits_NotAPairOfKnownShas_RefusedWithOneLine(string app, string from, string to, string message)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = cts.Token;
        if (to == "v2")
        {
            to = await Sim.ShaAsync("portal", "v2", ct);
        }

        var result = await Sim.RunDokkuAsync(fixture.Staging, ct, "graduate:commits", app, from, to);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.StandardOutput);
        var line = Assert.Single(result.StandardError.TrimEnd('\n').Split('\n'));
        Assert.StartsWith(" !     ", line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commits_MissingArgument_RefusedWithUsage()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var result = await Sim.RunDokkuAsync(fixture.Staging, cts.Token, "graduate:commits", "portal", "1234567");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Usage: graduate:commits <app> <from-sha> <to-sha>", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigKeys_SeededApp_NamesOnlyOnePerLineSortedAndInTheReport()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = cts.Token;

        var keys = (await Sim.RunDokkuAsync(fixture.Production, ct, "config:keys", "portal")).EnsureSuccess("config:keys");
        var report = (await Sim.RunDokkuAsync(fixture.Production, ct, "graduate:report")).EnsureSuccess("graduate:report");

        Assert.Equal("DATABASE_URL\nGIT_REV\nPEER_URL\n", keys.StandardOutput);
        using var json = JsonDocument.Parse(report.StandardOutput);
        var reported = json.RootElement.GetProperty("apps").GetProperty("portal").GetProperty("configKeys").EnumerateArray().Select(k => k.GetString());
        Assert.Equal(["DATABASE_URL", "GIT_REV", "PEER_URL"], reported);
        Assert.DoesNotContain("file://", keys.StandardOutput + report.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigKeys_ValuesWithNewlinesQuotesAndNumbers_EnvFileAsRealDokkuWritesItAndTheReportNamesEachKeyOnce()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = cts.Token;
        (await Sim.RunDokkuAsync(fixture.Production, ct, TrickyConfig.SetArguments("webservices"))).EnsureSuccess("config:set");
        try
        {
            var env = Path.Combine(fixture.Production.Root, "var", "lib", "dokku", "config", "webservices", "ENV");
            Assert.Equal(TrickyConfig.EnvLines, TrickyConfig.LinesOf(env));
            var keys = (await Sim.RunDokkuAsync(fixture.Production, ct, "config:keys", "webservices")).EnsureSuccess("config:keys");
            var multi = (await Sim.RunDokkuAsync(fixture.Production, ct, "config:get", "webservices", "ZZ_MULTI")).EnsureSuccess("config:get");
            var report = (await Sim.RunDokkuAsync(fixture.Production, ct, "graduate:report", "webservices")).EnsureSuccess("graduate:report");

            Assert.Equal(TrickyConfig.Values["ZZ_MULTI"] + "\n", multi.StandardOutput);
            var listed = keys.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Subset(listed.ToHashSet(StringComparer.Ordinal), TrickyConfig.Values.Keys.ToHashSet(StringComparer.Ordinal));
            Assert.DoesNotContain("FAKE_KEY", listed);
            using var json = JsonDocument.Parse(report.StandardOutput);
            var reported = json.RootElement.GetProperty("apps").GetProperty("webservices").GetProperty("configKeys").EnumerateArray().Select(k => k.GetString());
            Assert.Equal(listed, reported);
        }
        finally
        {
            (await Sim.RunDokkuAsync(fixture.Production, CancellationToken.None, TrickyConfig.UnsetArguments("webservices"))).EnsureSuccess("config:unset");
        }
    }
}
