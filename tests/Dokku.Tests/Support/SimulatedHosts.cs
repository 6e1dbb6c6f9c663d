using System.Diagnostics;
using System.Text.Json;

namespace Graduate.Dokku.Tests.Support;

/// <summary>
/// Starts simulated Dokku hosts, each behind its own sshd on a loopback port, with
/// tests/hosts/harness.sh (a thin wrapper until the shared Graduate.Testing fixture exists).
/// Fails, never skips, when sshd is missing: an integration suite that silently skips
/// proves nothing.
/// </summary>
public sealed class SimulatedHosts : IAsyncLifetime
{
    public const string SshdPath = "/usr/sbin/sshd";

    private static readonly string[] HostNames = ["alpha", "beta", "local"];

    private string simDirectory = "";

    public string Harness { get; } = FindHarness();

    public string ClientSshConfigPath { get; private set; } = "";

    public string SshUser { get; private set; } = "";

    public string KnownHostsPath => Path.Combine(simDirectory, "known_hosts");

    public IReadOnlyDictionary<string, SimulatedHost> Hosts { get; private set; } = new Dictionary<string, SimulatedHost>();

    /// <summary>Reached over real ssh.</summary>
    public SimulatedHost Alpha => Hosts["alpha"];

    /// <summary>A second ssh host (pushes, keys, wrong host keys).</summary>
    public SimulatedHost Beta => Hosts["beta"];

    /// <summary>
    /// Only ever reached through local://: run as this test process's user, it must not share
    /// files with hosts that sshd serves as the dokku user.
    /// </summary>
    public SimulatedHost Local => Hosts["local"];

    public async Task InitializeAsync()
    {
        if (!File.Exists(SshdPath))
        {
            throw new InvalidOperationException($"sshd is missing ({SshdPath}): install it with 'apt-get install -y openssh-server' to run the Dokku integration tests.");
        }

        simDirectory = Directory.CreateTempSubdirectory("graduate-dokku-tests-").FullName;
        var output = await RunHarnessAsync(["up", simDirectory, .. HostNames], TimeSpan.FromMinutes(2));
        using var document = JsonDocument.Parse(output);
        var root = document.RootElement;
        ClientSshConfigPath = root.GetProperty("clientSshConfig").GetString()!;
        SshUser = root.GetProperty("sshUser").GetString()!;
        Hosts = root.GetProperty("hosts").EnumerateArray()
            .Select(h => new SimulatedHost(
                h.GetProperty("name").GetString()!,
                h.GetProperty("alias").GetString()!,
                h.GetProperty("sshPort").GetInt32(),
                h.GetProperty("root").GetString()!))
            .ToDictionary(h => h.Name);
    }

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

    public async Task DisposeAsync()
    {
        if (simDirectory.Length == 0)
        {
            return;
        }

        await RunHarnessAsync(["down", simDirectory], TimeSpan.FromMinutes(1));
        try
        {
            Directory.Delete(simDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Commits v1/v2 of the example apps (portal, webservices) into the harness's source repos.</summary>
    public Task CreateSourcesAsync() => RunHarnessAsync(["sources", simDirectory], TimeSpan.FromMinutes(1));

    /// <summary>git-pushes <paramref name="revision"/> of an example app to a host, as a developer would.</summary>
    public Task DeployAsync(SimulatedHost host, string app, string revision) =>
        RunHarnessAsync(["deploy", simDirectory, host.Name, app, revision], TimeSpan.FromMinutes(2));

    public async Task<string> RevParseAsync(string app, string revision) =>
        (await RunAsync("git", ["-C", Path.Combine(simDirectory, "sources", app), "rev-parse", revision + "^{commit}"], TimeSpan.FromSeconds(30))).Trim();

    /// <summary>A copy of the client ssh config whose known_hosts is <paramref name="knownHostsText"/>.</summary>
    public string WriteClientConfigWithKnownHosts(string knownHostsText)
    {
        var directory = Directory.CreateDirectory(Path.Combine(simDirectory, "known-hosts-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        var knownHosts = Path.Combine(directory, "known_hosts");
        File.WriteAllText(knownHosts, knownHostsText);
        var config = File.ReadAllText(ClientSshConfigPath).Replace(KnownHostsPath, knownHosts, StringComparison.Ordinal);
        var path = Path.Combine(directory, "ssh_config");
        File.WriteAllText(path, config);
        return path;
    }

    private Task<string> RunHarnessAsync(IReadOnlyList<string> arguments, TimeSpan timeout) =>
        RunAsync("bash", [Harness, .. arguments], timeout);

    private static async Task<string> RunAsync(string file, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var startInfo = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        process.StandardInput.Close();
        using var cancel = new CancellationTokenSource(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(cancel.Token);
        var stderr = process.StandardError.ReadToEndAsync(cancel.Token);
        await process.WaitForExitAsync(cancel.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await stderr}");
        }

        return await stdout;
    }

    private static string FindHarness()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "hosts", "harness.sh");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tests/hosts/harness.sh not found above " + AppContext.BaseDirectory);
    }
}
