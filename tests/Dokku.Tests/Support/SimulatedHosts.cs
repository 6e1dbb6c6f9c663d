using Graduate.Testing;

namespace Graduate.Dokku.Tests.Support;

/// <summary>
/// The shared <see cref="SimulatedDokku"/> fixture as an xunit collection fixture: three hosts,
/// each behind its own sshd on a loopback port. It fails (never skips) when sshd is missing.
/// </summary>
public sealed class SimulatedHosts : IAsyncLifetime
{
    private SimulatedDokku? dokku;

    public SimulatedDokku Dokku => dokku ?? throw new InvalidOperationException("The simulated hosts have not started.");

    public string ClientSshConfigPath => Dokku.ClientSshConfigPath;

    public string SshUser => Dokku.SshUser;

    /// <summary>Reached over real ssh.</summary>
    public SimulatedHost Alpha => Dokku["alpha"];

    /// <summary>A second ssh host (pushes, keys, wrong host keys).</summary>
    public SimulatedHost Beta => Dokku["beta"];

    /// <summary>
    /// Only ever reached through local://: run as this test process's user, it must not share
    /// files with hosts that sshd serves as the dokku user.
    /// </summary>
    public SimulatedHost Local => Dokku["local"];

    /// <summary>
    /// Environment for a local:// transport run by this process. As root the harness hands
    /// hosts to the dokku user, and git refuses repositories owned by someone else.
    /// </summary>
    public IReadOnlyDictionary<string, string> LocalEnvironment { get; } = new Dictionary<string, string>
    {
        ["GIT_CONFIG_COUNT"] = "1",
        ["GIT_CONFIG_KEY_0"] = "safe.directory",
        ["GIT_CONFIG_VALUE_0"] = "*",
    };

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        dokku = await SimulatedDokku.StartAsync(["alpha", "beta", "local"], timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (dokku is not null)
        {
            await dokku.DisposeAsync();
        }
    }

    /// <summary>A copy of the client ssh config whose known_hosts holds only <paramref name="knownHostsText"/>.</summary>
    public string WriteClientConfigWithKnownHosts(string knownHostsText)
    {
        var directory = Directory.CreateDirectory(Path.Combine(Dokku.Directory, "known-hosts-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        var knownHosts = Path.Combine(directory, "known_hosts");
        File.WriteAllText(knownHosts, knownHostsText);
        var lines = File.ReadAllLines(ClientSshConfigPath)
            .Select(l => l.TrimStart().StartsWith("UserKnownHostsFile", StringComparison.OrdinalIgnoreCase) ? "  UserKnownHostsFile " + knownHosts : l);
        var path = Path.Combine(directory, "ssh_config");
        File.WriteAllLines(path, lines);
        return path;
    }
}
