using Graduate.Testing;

namespace Graduate.RealDokku.Tests;

/// <summary>The graduate plugin installed on real Dokku the way README.md says, and working for the dokku user.</summary>
[Collection(RealDokkuCollection.Name)]
public sealed class PluginInstallTests(RealDokkuFixture fixture, ITestOutputHelper output)
{
    private readonly LabDriver driver = new(fixture, output);

    [Fact]
    public async Task PluginInstall_ArchiveOfThisCheckout_DataBelongsToDokkuAndArmWorks()
    {
        using var cts = new CancellationTokenSource(LabDriver.DeployDeadline * 3);
        var ct = cts.Token;

        await driver.TimedAsync("example apps deployed", () => driver.Lab.EnsureDeployedAsync(ct));
        var probes = LabDriver.StartProbes("portal", "webservices");

        // `dokku plugin:install file:///...tar.gz` runs the install trigger as root.
        await driver.TimedAsync("plugin:uninstall + plugin:install (archive)", () => driver.Lab.InstallPluginAsync(force: true, ct));

        const string data = "/var/lib/dokku/data/graduate";
        Assert.Equal(("dokku", "dokku"), Owner(data));
        Assert.Equal(("dokku", "dokku"), Owner(Path.Combine(data, "armed")));
        Assert.Equal(("dokku", "dokku"), Owner(Path.Combine(data, "state-hmac.key")));
        Assert.Equal("600", Stat(Path.Combine(data, "state-hmac.key"), "%a"));
        Assert.True(File.Exists("/var/lib/dokku/plugins/enabled/zzz-graduate-gate/check-deploy"), "the companion gate plugin is not enabled");
        var gid = LabDriver.NewGid("real-install");
        await driver.ArmAsync(gid, ["portal"], ct);
        Assert.Equal("armed", await driver.GateStateAsync(gid, "portal", ct));
        await driver.DokkuAsync(ct, "graduate:disarm", gid, "portal");
        Assert.Equal("graduate 0.2.0", (await driver.DokkuAsync(ct, "graduate:version")).Trim());
        await driver.StopProbesAsync(probes, ct);
    }

    private static (string User, string Group) Owner(string path)
    {
        var result = Stat(path, "%U:%G");
        var parts = result.Split(':');
        return (parts[0], parts[1]);
    }

    private static string Stat(string path, string format)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", format, path]) { RedirectStandardOutput = true })!;
        var text = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return text;
    }
}
