using Graduate.Testing;

namespace Graduate.RealDokku.Tests;

/// <summary>
/// <c>graduate:report</c>'s config key names on real Dokku: read from the app's <c>ENV</c> file as Dokku's config
/// plugin writes it, they must be what <c>dokku config:keys</c> lists, whatever the values hold.
/// </summary>
[Collection(RealDokkuCollection.Name)]
public sealed class ReportTests(RealDokkuFixture fixture, ITestOutputHelper output)
{
    private readonly LabDriver driver = new(fixture, output);

    [Fact]
    public async Task Report_ValuesWithNewlinesQuotesAndNumbers_NamesWhatConfigKeysListsAndTheEnvFileIsWhatTheSimulatorWrites()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = cts.Token;
        await driver.DokkuAsync(ct, TrickyConfig.SetArguments("webservices"));
        try
        {
            // Real Dokku's file is the reference the simulator's (tests/hosts/lib/simtool.py) is checked against.
            Assert.Equal(TrickyConfig.EnvLines, TrickyConfig.LinesOf("/var/lib/dokku/config/webservices/ENV"));
            var listed = (await driver.DokkuAsync(ct, "config:keys", "webservices")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var report = Json.Parse(await driver.DokkuAsync(ct, "graduate:report", "webservices"));
            var reported = report.GetProperty("apps").GetProperty("webservices").GetProperty("configKeys").EnumerateArray().Select(k => k.GetString());

            Assert.Subset(listed.ToHashSet(StringComparer.Ordinal), TrickyConfig.Values.Keys.ToHashSet(StringComparer.Ordinal));
            Assert.DoesNotContain("FAKE_KEY", listed);
            Assert.Equal(listed, reported);
        }
        finally
        {
            await driver.DokkuAsync(CancellationToken.None, TrickyConfig.UnsetArguments("webservices"));
        }
    }
}
