namespace Graduate.Dokku.Tests;

public class DokkuDefaultsTests
{
    [Fact]
    public void Defaults_AreThePublishedValues()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), DokkuDefaults.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(15), DokkuDefaults.ServerAliveInterval);
        Assert.Equal(3, DokkuDefaults.ServerAliveCountMax);
        Assert.Equal(TimeSpan.FromMinutes(5), DokkuDefaults.CommandTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), DokkuDefaults.OutputDrainTimeout);
        Assert.Equal("ssh", DokkuDefaults.SshExecutable);
        Assert.Equal(TimeSpan.FromSeconds(60), DokkuDefaults.ControlPersist);
        Assert.Equal(TimeSpan.FromSeconds(1), DokkuDefaults.ControlMasterProbeTimeout);
    }
}
