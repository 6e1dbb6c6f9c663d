namespace Graduate.Demo.Tests;

public sealed class EmbeddedTemporalTests
{
    [Fact]
    public void FindCli_NoneConfiguredOrOnPath_OneSentenceSayingHowToInstallWithExitCode5()
    {
        var error = Assert.Throws<DemoException>(() => EmbeddedTemporal.FindCli(_ => null));

        Assert.Equal(DemoExitCodes.Unreachable, error.ExitCode);
        Assert.Contains("install it", error.Message, StringComparison.Ordinal);
        Assert.Contains("TEMPORAL_CLI", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DataDirectory_XdgDataHomeSet_GraduateUnderIt()
    {
        Assert.Equal("/x/data/graduate", DataDirectory.Resolve(name => name == "XDG_DATA_HOME" ? "/x/data" : null));
        Assert.Equal("/home/u/.local/share/graduate", DataDirectory.Resolve(name => name == "HOME" ? "/home/u" : null));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void DemoAssets_CopiedFromTheBuildOutput_HarnessFindsThePluginAndScriptsAreExecutable()
    {
        var target = Path.Combine(Path.GetTempPath(), "graduate-demo-assets-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var harness = DemoAssets.CopyTo(DemoAssets.Find(), target);

            Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(harness)!, "..", "..", "dokku-plugin", "commands")));
            Assert.True((File.GetUnixFileMode(harness) & UnixFileMode.OtherExecute) != 0);
            Assert.True((File.GetUnixFileMode(Path.Combine(target, "tests", "hosts", "lib", "dokku")) & UnixFileMode.UserExecute) != 0);
        }
        finally
        {
            Directory.Delete(target, recursive: true);
        }
    }
}
