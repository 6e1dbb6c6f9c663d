namespace Graduate.Demo.Tests;

/// <summary>
/// One data directory (XDG_DATA_HOME) per test class run: the first demo starts the embedded Temporal server there,
/// the others reuse it; disposing stops it and deletes the directory. Missing sshd or Temporal CLI fails, never skips.
/// </summary>
public sealed class DemoDataFixture : IAsyncLifetime
{
    public string XdgDataHome { get; } = Path.Combine(Path.GetTempPath(), "graduate-demo-tests-" + Guid.NewGuid().ToString("N")[..10]);

    public string DataDirectory => Path.Combine(XdgDataHome, "graduate");

    public Task InitializeAsync()
    {
        Assert.True(File.Exists("/usr/sbin/sshd"), "sshd is missing (/usr/sbin/sshd): install openssh-server, or run the tests with ./build.sh test.");
        // Throws with a sentence saying how to get one when there is none.
        EmbeddedTemporal.FindCli(Environment.GetEnvironmentVariable);
        Directory.CreateDirectory(XdgDataHome);
        // The demo command reads the process's variables; this assembly's tests are the only ones in this process.
        Environment.SetEnvironmentVariable("XDG_DATA_HOME", XdgDataHome);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await EmbeddedTemporal.StopAsync(DataDirectory);
        try
        {
            Directory.Delete(XdgDataHome, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
