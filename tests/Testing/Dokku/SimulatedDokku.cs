using System.Text;
using System.Text.Json;

namespace Graduate.Testing;

/// <summary>
/// A set of simulated Dokku hosts (tests/hosts/harness.sh): each with its own sshd, proxy and
/// dokku home, reachable by alias through <see cref="ClientSshConfigPath"/>, and able to reach
/// each other (hooks and pushes running on a host use <c>dokku@&lt;alias&gt;</c>).
/// Dispose stops every process the hosts started and deletes their directory.
/// </summary>
public sealed class SimulatedDokku : IAsyncDisposable
{
    private const string HarnessRelativePath = "tests/hosts/harness.sh";
    private readonly string harness;
    private int disposed;

    private SimulatedDokku(string harness, string directory, string clientSshConfigPath, string sshUser, IReadOnlyList<SimulatedHost> hosts)
    {
        this.harness = harness;
        Directory = directory;
        ClientSshConfigPath = clientSshConfigPath;
        SshUser = sshUser;
        Hosts = hosts;
    }

    /// <summary>The harness directory (hosts/, sources/, client/).</summary>
    public string Directory { get; }

    /// <summary>An ssh_config with one entry per host alias, for <c>ssh -F</c>.</summary>
    public string ClientSshConfigPath { get; }

    /// <summary>The user the hosts' sshd accepts (<c>dokku</c> when the tests run as root).</summary>
    public string SshUser { get; }

    public IReadOnlyList<SimulatedHost> Hosts { get; }

    public SimulatedHost this[string name] =>
        Hosts.FirstOrDefault(h => h.Name == name) ?? throw new ArgumentException($"No simulated host named '{name}'.", nameof(name));

    /// <summary>
    /// Creates and starts hosts named <paramref name="hostNames"/>, with the graduate plugin installed.
    /// Fails with one sentence when sshd, git or python3 is missing.
    /// </summary>
    public static async Task<SimulatedDokku> StartAsync(IReadOnlyList<string> hostNames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hostNames);
        if (hostNames.Count == 0)
        {
            throw new ArgumentException("Name at least one host.", nameof(hostNames));
        }

        if (!File.Exists("/usr/sbin/sshd"))
        {
            throw new InvalidOperationException("sshd is missing (/usr/sbin/sshd): install it with 'apt-get install -y openssh-server' to run the simulated Dokku hosts.");
        }

        var harness = FindHarness();
        var directory = Path.Combine(Path.GetTempPath(), "graduate-sim-" + Guid.NewGuid().ToString("N")[..12]);
        // The harness stops the hosts by itself if this process dies without disposing them.
        var owner = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GRADUATE_SIM_OWNER_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var result = await SimulatorProcess.RunAsync("/bin/bash", [harness, "up", directory, .. hostNames], null, owner, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            await SimulatorProcess.RunAsync("/bin/bash", [harness, "down", directory], null, null, CancellationToken.None).ConfigureAwait(false);
            TryDelete(directory);
            var reason = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? $"exit {result.ExitCode}";
            throw new InvalidOperationException($"Starting simulated Dokku hosts failed: {reason}");
        }

        using var document = JsonDocument.Parse(result.StandardOutput);
        var root = document.RootElement;
        var hosts = root.GetProperty("hosts").EnumerateArray()
            .Select(h => new SimulatedHost(
                h.GetProperty("name").GetString()!,
                h.GetProperty("alias").GetString()!,
                h.GetProperty("sshPort").GetInt32(),
                h.GetProperty("root").GetString()!))
            .ToList();
        return new SimulatedDokku(harness, directory, root.GetProperty("clientSshConfig").GetString()!, root.GetProperty("sshUser").GetString()!, hosts);
    }

    /// <summary>Runs <c>dokku &lt;arguments&gt;</c> on <paramref name="host"/> over plain <c>ssh -F</c>.</summary>
    public Task<DokkuCommandResult> RunDokkuAsync(SimulatedHost host, IReadOnlyList<string> arguments, string? standardInput, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(arguments);
        var remote = string.Join(' ', arguments.Select(ShellQuote));
        return SimulatorProcess.RunAsync("/usr/bin/ssh", ["-F", ClientSshConfigPath, host.Alias, remote], standardInput ?? string.Empty, null, cancellationToken);
    }

    /// <inheritdoc cref="RunDokkuAsync(SimulatedHost, IReadOnlyList{string}, string?, CancellationToken)"/>
    public Task<DokkuCommandResult> RunDokkuAsync(SimulatedHost host, CancellationToken cancellationToken, params string[] arguments) =>
        RunDokkuAsync(host, arguments, null, cancellationToken);

    /// <summary>
    /// The seed's example: apps <c>portal</c> and <c>webservices</c> (each calls the other and reads the
    /// shared schema file named by DATABASE_URL) on both hosts; <paramref name="staging"/> at v2 with the
    /// schema migrated to 2, <paramref name="production"/> at v1 with schema 1. Source repos
    /// (<see cref="SourceRepository"/>) have tags v1, v2 and v3-unhealthy (fails its healthcheck).
    /// </summary>
    public async Task SeedExampleAsync(string staging, string production, CancellationToken cancellationToken)
    {
        var result = await HarnessAsync(["seed-example", Directory, this[staging].Name, this[production].Name], cancellationToken).ConfigureAwait(false);
        result.EnsureSuccess("Seeding the example");
    }

    /// <summary>
    /// The seed's example on one host only: apps <c>portal</c> and <c>webservices</c> at <paramref name="version"/>
    /// (<c>v1</c>, or <c>v2</c> with the schema migrated to 2), e.g. a simulated staging for a real production.
    /// </summary>
    public async Task SeedExampleHostAsync(string host, string version, CancellationToken cancellationToken)
    {
        var result = await HarnessAsync(["seed-host", Directory, this[host].Name, version], cancellationToken).ConfigureAwait(false);
        result.EnsureSuccess($"Seeding the example on {host}");
    }

    /// <summary><see cref="SeedExampleAsync(string, string, CancellationToken)"/> with hosts named staging and production.</summary>
    public Task SeedExampleAsync(CancellationToken cancellationToken) => SeedExampleAsync("staging", "production", cancellationToken);

    /// <summary>Creates the example's source repositories without touching any host.</summary>
    public async Task CreateSourcesAsync(CancellationToken cancellationToken) =>
        (await HarnessAsync(["sources", Directory], cancellationToken).ConfigureAwait(false)).EnsureSuccess("Creating the example sources");

    /// <summary>The test-side git repository of an example app.</summary>
    public string SourceRepository(string app) => Path.Combine(Directory, "sources", app);

    /// <summary>The commit of <paramref name="revision"/> (e.g. a tag v1) in an example app's source repository.</summary>
    public async Task<string> ShaAsync(string app, string revision, CancellationToken cancellationToken)
    {
        var result = await SimulatorProcess.RunAsync("git", ["-C", SourceRepository(app), "rev-parse", revision + "^{commit}"], null, null, cancellationToken).ConfigureAwait(false);
        return result.EnsureSuccess($"git rev-parse {revision}").StandardOutput.Trim();
    }

    /// <summary>
    /// Pushes <paramref name="revision"/> of the example <paramref name="sourceApp"/> to <paramref name="host"/>'s
    /// app <paramref name="targetApp"/> from the test (a developer's git push). Returns git's result: a failed
    /// deploy is a rejected push (non-zero exit).
    /// </summary>
    public Task<DokkuCommandResult> PushAsync(SimulatedHost host, string sourceApp, string revision, string targetApp, bool force, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GIT_SSH_COMMAND"] = $"/usr/bin/ssh -F {ClientSshConfigPath}",
        };
        var refspec = (force ? "+" : string.Empty) + revision + "^{commit}:refs/heads/master";
        return SimulatorProcess.RunAsync("git", ["-C", SourceRepository(sourceApp), "push", $"{host.Alias}:{targetApp}", refspec], null, environment, cancellationToken);
    }

    /// <summary>
    /// Deploys <paramref name="revision"/> of the example <paramref name="app"/> to the same app on
    /// <paramref name="host"/> (force push, so older revisions roll back); throws when the deploy fails.
    /// </summary>
    public async Task DeployAsync(SimulatedHost host, string app, string revision, CancellationToken cancellationToken) =>
        (await PushAsync(host, app, revision, app, force: true, cancellationToken).ConfigureAwait(false)).EnsureSuccess($"Deploying {app} {revision} to {host?.Name}");

    /// <summary>The git remote a host uses to push to <paramref name="app"/> on <paramref name="destination"/>.</summary>
    public string GitRemote(SimulatedHost destination, string app)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return $"{SshUser}@{destination.Alias}:{app}";
    }

    /// <summary>Stops <paramref name="host"/>'s sshd: the host becomes unreachable over SSH while its apps keep serving.</summary>
    public async Task StopSshAsync(SimulatedHost host, CancellationToken cancellationToken) =>
        (await HarnessAsync(["stop-sshd", Directory, host?.Name ?? throw new ArgumentNullException(nameof(host))], cancellationToken).ConfigureAwait(false))
            .EnsureSuccess($"Stopping sshd of {host.Name}");

    /// <summary>Starts <paramref name="host"/>'s sshd again on the same port.</summary>
    public async Task StartSshAsync(SimulatedHost host, CancellationToken cancellationToken) =>
        (await HarnessAsync(["start-sshd", Directory, host?.Name ?? throw new ArgumentNullException(nameof(host))], cancellationToken).ConfigureAwait(false))
            .EnsureSuccess($"Starting sshd of {host.Name}");

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await HarnessAsync(["down", Directory], CancellationToken.None).ConfigureAwait(false);
        TryDelete(Directory);
    }

    /// <summary>Single-quotes an argument for the remote shell-like split (Dokku splits SSH_ORIGINAL_COMMAND like xargs).</summary>
    internal static string ShellQuote(string argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        if (argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=@%+,".Contains(c, StringComparison.Ordinal)))
        {
            return argument;
        }

        var builder = new StringBuilder("'");
        builder.Append(argument.Replace("'", "'\\''", StringComparison.Ordinal));
        return builder.Append('\'').ToString();
    }

    private Task<DokkuCommandResult> HarnessAsync(IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        SimulatorProcess.RunAsync("/bin/bash", [harness, .. arguments], null, null, cancellationToken);

    private static string FindHarness()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("GRADUATE_SIM_HARNESS");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, HarnessRelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"Could not find {HarnessRelativePath} above {AppContext.BaseDirectory}; set GRADUATE_SIM_HARNESS to its path.");
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (System.IO.Directory.Exists(directory))
            {
                System.IO.Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
