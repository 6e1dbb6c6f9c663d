using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Graduate.Testing;

/// <summary>
/// The real Dokku v0.38.27 of <c>../shared/tools/dokku/dokku-lab</c> on this machine, prepared for tests:
/// the lab up, a client key it accepts, a known_hosts and an ssh config naming it <see cref="Alias"/>,
/// the graduate plugin of THIS checkout installed as a user would (<c>dokku plugin:install</c> of an
/// archive), and the example apps <c>portal</c> and <c>webservices</c> (the simulator's example, built from
/// their Dockerfile) reachable through nginx. One lane at a time: the lab is a machine-wide resource, so
/// a lock is held from <see cref="StartAsync"/> to <see cref="DisposeAsync"/>.
/// </summary>
/// <remarks>
/// For graduation scenarios: <see cref="LinkAsync"/> lets a simulated host push to the lab (its dokku key
/// added to the lab, the lab's host key and an ssh entry on the simulated host), and
/// <see cref="SshConfigWith"/> gives the worker one ssh config for both. The lab as an environment is
/// <see cref="EnvironmentUrl"/> (<c>dokku@&lt;alias&gt;</c>) or <see cref="SshUrl"/>.
/// </remarks>
public sealed class RealDokkuLab : IAsyncDisposable
{
    /// <summary>The example apps, each with its own nginx port (no Host header needed).</summary>
    public static readonly IReadOnlyDictionary<string, int> ExampleApps = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["portal"] = 18081,
        ["webservices"] = 18082,
    };

    /// <summary>Host directory of the example apps' shared "database" (a file holding the schema version), mounted at /data.</summary>
    public const string SchemaDirectory = "/var/lib/dokku/data/storage/graduate-schema";

    private const string LabRelativePath = "../shared/tools/dokku/dokku-lab";
    private const string LabState = "/var/lib/dokku-lab";
    private const string KeyPrefix = "graduate-tests-";
    private readonly FileStream laneLock;
    private readonly List<string> addedKeys = [];
    private int disposed;

    private RealDokkuLab(string labScript, string directory, int sshPort, string alias, FileStream laneLock)
    {
        LabScript = labScript;
        Directory = directory;
        SshPort = sshPort;
        Alias = alias;
        this.laneLock = laneLock;
    }

    /// <summary>The dokku-lab script.</summary>
    public string LabScript { get; }

    /// <summary>This lane's directory: client key, known_hosts, ssh config, example sources.</summary>
    public string Directory { get; }

    public int SshPort { get; }

    /// <summary>The ssh alias of the lab in <see cref="ClientSshConfigPath"/> and in linked simulated hosts.</summary>
    public string Alias { get; }

    /// <summary>An ssh_config naming the lab <see cref="Alias"/> (and <c>127.0.0.1</c>), for <c>ssh -F</c> and <c>GIT_SSH_COMMAND</c>.</summary>
    public string ClientSshConfigPath => Path.Combine(Directory, "ssh_config");

    public string KnownHostsPath => Path.Combine(Directory, "known_hosts");

    /// <summary>The lab as a Graduate environment, through <see cref="ClientSshConfigPath"/> or a linked host's ssh config.</summary>
    public string EnvironmentUrl => $"dokku@{Alias}";

    /// <summary>The lab as a Graduate environment without an ssh alias (still needs the key and known_hosts of the config).</summary>
    public string SshUrl => $"ssh://dokku@127.0.0.1:{SshPort.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The test-side git repository of an example app (same commits as any simulator's: see tests/hosts/harness.sh).</summary>
    public string SourceRepository(string app) => Path.Combine(Directory, "sources", app);

    /// <summary>The git remote of <paramref name="app"/> on the lab.</summary>
    public string GitRemote(string app) => $"dokku@{Alias}:{app}";

    /// <summary>An example app's public URL through nginx.</summary>
    public static Uri PublicUrl(string app) => ExampleApps.TryGetValue(app, out var port)
        ? new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/")
        : throw new ArgumentException($"{app} is not an example app of the lab.", nameof(app));

    /// <summary>
    /// Brings the lab up if needed (as root), prepares keys and ssh config, installs the graduate plugin
    /// of this checkout if the lab has another, and creates the example apps (not deployed: see
    /// <see cref="ResetExampleAsync"/>). Fails with one sentence saying what is missing.
    /// </summary>
    public static async Task<RealDokkuLab> StartAsync(CancellationToken cancellationToken)
    {
        var labScript = FindLab();
        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException($"The real-Dokku tests need root (dokku-lab runs dockerd, nginx and an sshd); run them as root or set GRADUATE_REAL_DOKKU=0 to leave them out.");
        }

        if (!File.Exists("/usr/local/bin/dokku") || !File.Exists("/var/lib/dokku/.dokku-lab-artifact"))
        {
            throw new InvalidOperationException($"Dokku is not installed on this machine; run '{labScript} install' (CI does) and try again.");
        }

        var laneLock = await AcquireLaneLockAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var sshPort = int.Parse(Environment.GetEnvironmentVariable("GRADUATE_DOKKU_LAB_SSH_PORT") ?? "3022", CultureInfo.InvariantCulture);
            await EnsureUpAsync(labScript, sshPort, cancellationToken).ConfigureAwait(false);
            var directory = Path.Combine(Path.GetTempPath(), "graduate-real-" + Guid.NewGuid().ToString("N")[..12]);
            System.IO.Directory.CreateDirectory(directory);
            var lab = new RealDokkuLab(labScript, directory, sshPort, "real-dokku-" + Path.GetFileName(directory)["graduate-real-".Length..], laneLock);
            try
            {
                await lab.PrepareClientAsync(cancellationToken).ConfigureAwait(false);
                await lab.InstallPluginAsync(force: false, cancellationToken).ConfigureAwait(false);
                await lab.CreateExampleAppsAsync(cancellationToken).ConfigureAwait(false);
                return lab;
            }
            catch
            {
                await lab.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        catch
        {
            await laneLock.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs <c>dokku &lt;arguments&gt;</c> on the lab over ssh, as the worker and the hosts do.</summary>
    public Task<DokkuCommandResult> RunDokkuAsync(IReadOnlyList<string> arguments, string? standardInput, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var remote = string.Join(' ', arguments.Select(SimulatedDokku.ShellQuote));
        return SimulatorProcess.RunAsync("/usr/bin/ssh", ["-F", ClientSshConfigPath, Alias, remote], standardInput ?? string.Empty, null, cancellationToken);
    }

    /// <inheritdoc cref="RunDokkuAsync(IReadOnlyList{string}, string?, CancellationToken)"/>
    public Task<DokkuCommandResult> RunDokkuAsync(CancellationToken cancellationToken, params string[] arguments) =>
        RunDokkuAsync(arguments, null, cancellationToken);

    /// <summary>Runs <c>dokku</c> locally as root (plugin:install, ssh-keys:add: commands Dokku allows only to root).</summary>
    public static Task<DokkuCommandResult> RunAsRootAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        SimulatorProcess.RunAsync("/usr/local/bin/dokku", arguments, null, null, cancellationToken);

    /// <summary>Runs the docker CLI of the lab's engine (to look at images and containers).</summary>
    public static Task<DokkuCommandResult> DockerAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        SimulatorProcess.RunAsync("docker", arguments, null, null, cancellationToken);

    /// <summary>
    /// Installs the graduate plugin from this checkout's dokku-plugin/ the way README.md says: an archive
    /// given to <c>dokku plugin:install file://...</c> (a plain directory is refused by Dokku). Skipped when
    /// the lab already has exactly these files, unless <paramref name="force"/> (then it is uninstalled first).
    /// </summary>
    public async Task InstallPluginAsync(bool force, CancellationToken cancellationToken)
    {
        // GRADUATE_PLUGIN_SOURCE: run the lane against another version of the plugin (e.g. to see a test fail before a fix).
        var source = Environment.GetEnvironmentVariable("GRADUATE_PLUGIN_SOURCE") is { Length: > 0 } other ? other : Path.Combine(Repository.Root, "dokku-plugin");
        const string installed = "/var/lib/dokku/plugins/available/graduate";
        if (!force && System.IO.Directory.Exists(installed) && SameTree(source, installed))
        {
            return;
        }

        if (System.IO.Directory.Exists(installed) || File.Exists("/var/lib/dokku/plugins/enabled/graduate"))
        {
            (await RunAsRootAsync(["plugin:uninstall", "graduate"], cancellationToken).ConfigureAwait(false)).EnsureSuccess("dokku plugin:uninstall graduate");
        }

        var archive = Path.Combine(Directory, "graduate.tar.gz");
        (await SimulatorProcess.RunAsync("tar", ["-czf", archive, "-C", source, "."], null, null, cancellationToken).ConfigureAwait(false)).EnsureSuccess("tar of dokku-plugin");
        (await RunAsRootAsync(["plugin:install", "file://" + archive, "--name", "graduate"], cancellationToken).ConfigureAwait(false))
            .EnsureSuccess("dokku plugin:install file://graduate.tar.gz --name graduate");
    }

    /// <summary>
    /// Puts the example apps back to the release <paramref name="revision"/> (default v1) with schema 1,
    /// nothing armed and no staged container: deploys only what differs (a real deploy takes 25-65 s).
    /// </summary>
    public async Task ResetExampleAsync(CancellationToken cancellationToken, string revision = "v1")
    {
        await File.WriteAllTextAsync(Path.Combine(SchemaDirectory, "schema"), "1\n", cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(ExampleApps.Keys.Select(app => ResetAppAsync(app, revision, cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>Deploys v1 of each example app that serves no example release (a fresh lab); leaves the others as they are.</summary>
    public async Task EnsureDeployedAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(ExampleApps.Keys.Select(async app =>
        {
            await DisarmAsync(app, cancellationToken).ConfigureAwait(false);
            if (await ServedVersionAsync(app, cancellationToken).ConfigureAwait(false) is null)
            {
                (await PushAsync(app, "v1", force: true, cancellationToken).ConfigureAwait(false)).EnsureSuccess($"Deploying {app} v1 to the lab");
            }
        })).ConfigureAwait(false);

    /// <summary>
    /// Ends what a scenario that failed half-way left: the app armed (or held) for its graduation, and a
    /// deploy still running (real Dokku refuses a second git push of an app at once while one deploys).
    /// </summary>
    public async Task DisarmAsync(string app, CancellationToken cancellationToken)
    {
        var armed = Path.Combine("/var/lib/dokku/data/graduate/armed", app);
        if (File.Exists(armed))
        {
            // Abort first and disarm only once no deploy runs: an aborted arming refuses a push still on its way,
            // while a disarmed app would let it go live unguarded.
            var gid = (await File.ReadAllTextAsync(armed, cancellationToken).ConfigureAwait(false)).Trim();
            await RunDokkuAsync(cancellationToken, "graduate:abort", gid, app).ConfigureAwait(false);
            await WaitForNoDeployAsync(app, cancellationToken).ConfigureAwait(false);
            await RunDokkuAsync(cancellationToken, "graduate:disarm", gid, app).ConfigureAwait(false);
        }

        await WaitForNoDeployAsync(app, cancellationToken).ConfigureAwait(false);
        await WaitForNoRestartAsync(app, cancellationToken).ConfigureAwait(false);
        if (File.Exists(DeployLockFile(app)))
        {
            // A killed deploy's lock file: real Dokku would deploy over it, but apps:locked (and so Graduate's preflight) says locked.
            (await RunDokkuAsync(cancellationToken, "apps:unlock", app).ConfigureAwait(false)).EnsureSuccess($"apps:unlock {app} (a lock file a killed deploy left)");
        }

        // With no deploy running, a staged container (<app>.web.1.upcoming-N) is one a killed run left: the lab
        // was stopped while a release was held, and Docker's restart policy started it again on the next up.
        foreach (var name in (await StagedContainersAsync(app, cancellationToken).ConfigureAwait(false)).Select(c => c.Split(' ')[0]))
        {
            (await DockerAsync(["rm", "-f", name], cancellationToken).ConfigureAwait(false)).EnsureSuccess($"docker rm -f {name} (a staged container a killed run left)");
        }
    }

    /// <summary>
    /// Waits until no git push deploys <paramref name="app"/>: a deploy flocks Dokku's deploy lock file
    /// (<c>$DOKKU_LIB_ROOT/data/apps/&lt;app&gt;/.deploy.lock</c>) from the build to the end of the deploy and
    /// then removes it. A file nobody holds is one a killed deploy left (<c>apps:locked</c> still reports it).
    /// </summary>
    public static Task WaitForNoDeployAsync(string app, CancellationToken cancellationToken) =>
        Poll.UntilTrueAsync(
            $"the deploy running on {app} to end",
            async token => (!await DeployLockHeldAsync(app, token).ConfigureAwait(false), "deploy lock held"),
            TimeSpan.FromMinutes(15),
            cancellationToken,
            TimeSpan.FromSeconds(1));

    /// <summary>
    /// Waits until no <c>dokku ps:...</c> or <c>config:set</c> command of <paramref name="app"/> runs: a restart deploys
    /// without Dokku's deploy lock, and its new container (named like a staged one) must not be taken for one a killed
    /// run left.
    /// </summary>
    public static Task WaitForNoRestartAsync(string app, CancellationToken cancellationToken) =>
        Poll.UntilTrueAsync(
            $"the restart running on {app} to end",
            _ => RestartCommand(app) is { } command ? Task.FromResult((false, command)) : Task.FromResult((true, "none")),
            TimeSpan.FromMinutes(15),
            cancellationToken,
            TimeSpan.FromSeconds(1));

    private static string? RestartCommand(string app)
    {
        foreach (var process in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(process), out _))
            {
                continue;
            }

            string[] arguments;
            try
            {
                arguments = File.ReadAllText(Path.Combine(process, "cmdline")).Split('\0');
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            var command = Array.FindIndex(arguments, a => a.StartsWith("ps:", StringComparison.Ordinal) || a == "config:set" || a == "config:unset");
            if (command > 0 && arguments[command - 1].EndsWith("dokku", StringComparison.Ordinal) && arguments.Skip(command + 1).Contains(app))
            {
                return string.Join(' ', arguments).Trim();
            }
        }

        return null;
    }

    /// <summary>Whether a process holds the app's deploy lock, read from /proc/locks (taking the lock to find out would refuse a push meanwhile).</summary>
    public static async Task<bool> DeployLockHeldAsync(string app, CancellationToken cancellationToken)
    {
        var file = DeployLockFile(app);
        var stat = await SimulatorProcess.RunAsync("stat", ["-c", "%i", file], null, null, cancellationToken).ConfigureAwait(false);
        if (!stat.Succeeded)
        {
            return false;
        }

        // "N: FLOCK  ADVISORY  WRITE <pid> <major>:<minor>:<inode> 0 EOF"
        var inode = ":" + stat.StandardOutput.Trim() + " ";
        return (await File.ReadAllLinesAsync("/proc/locks", cancellationToken).ConfigureAwait(false)).Any(line => line.Contains(inode, StringComparison.Ordinal));
    }

    private static string DeployLockFile(string app) => $"/var/lib/dokku/data/apps/{app}/.deploy.lock";

    private async Task ResetAppAsync(string app, string revision, CancellationToken cancellationToken)
    {
        await DisarmAsync(app, cancellationToken).ConfigureAwait(false);
        var sha = await ShaAsync(app, revision, cancellationToken).ConfigureAwait(false);
        var deployed = (await RunDokkuAsync(cancellationToken, "apps:report", app, "--app-deploy-source-metadata").ConfigureAwait(false)).StandardOutput.Trim();
        if (deployed == sha
            && await ServedVersionAsync(app, cancellationToken).ConfigureAwait(false) == revision
            && await ImageRevisionAsync(app, cancellationToken).ConfigureAwait(false) == revision)
        {
            return;
        }

        if (deployed == sha)
        {
            // The branch already holds the release (a push would change nothing) but the app does not run it,
            // or its image is gone (docker pruned, the lab reinstalled): build it again from the branch.
            (await RunDokkuAsync(cancellationToken, "ps:rebuild", app).ConfigureAwait(false)).EnsureSuccess($"Rebuilding {app} {revision} on the lab");
            return;
        }

        (await PushAsync(app, revision, force: true, cancellationToken).ConfigureAwait(false)).EnsureSuccess($"Deploying {app} {revision} to the lab");
    }

    /// <summary>
    /// Pushes <paramref name="revision"/> of an example app from the test (a developer's git push) to the
    /// lab's app of the same name; returns git's result (a refused deploy is a rejected push).
    /// </summary>
    public Task<DokkuCommandResult> PushAsync(string app, string revision, bool force, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["GIT_SSH_COMMAND"] = $"/usr/bin/ssh -F {ClientSshConfigPath}" };
        var refspec = (force ? "+" : string.Empty) + revision + "^{commit}:refs/heads/master";
        return SimulatorProcess.RunAsync("git", ["-C", SourceRepository(app), "push", GitRemote(app), refspec], null, environment, cancellationToken);
    }

    /// <summary>The commit of <paramref name="revision"/> of an example app.</summary>
    public async Task<string> ShaAsync(string app, string revision, CancellationToken cancellationToken) =>
        (await SimulatorProcess.RunAsync("git", ["-C", SourceRepository(app), "rev-parse", revision + "^{commit}"], null, null, cancellationToken).ConfigureAwait(false))
            .EnsureSuccess($"git rev-parse {revision}").StandardOutput.Trim();

    /// <summary>The <c>version</c> an app serves through nginx now, or null when it does not answer with one.</summary>
    public static async Task<string?> ServedVersionAsync(string app, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var document = JsonDocument.Parse(await client.GetStringAsync(PublicUrl(app), cancellationToken).ConfigureAwait(false));
            return document.RootElement.TryGetProperty("version", out var version) ? version.GetString() : null;
        }
        catch (Exception error) when (error is HttpRequestException or JsonException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>The example release (VERSION file) in the app's image dokku/&lt;app&gt;:latest: what ps:restart and dokku run would use.</summary>
    public static async Task<string?> ImageRevisionAsync(string app, CancellationToken cancellationToken)
    {
        var result = await DockerAsync(["run", "--rm", "--entrypoint", "cat", $"dokku/{app}:latest", "/app/VERSION"], cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? result.StandardOutput.Trim() : null;
    }

    /// <summary>The id of dokku/&lt;app&gt;:latest.</summary>
    public static async Task<string> ImageIdAsync(string app, CancellationToken cancellationToken) =>
        (await DockerAsync(["image", "inspect", "--format", "{{.Id}}", $"dokku/{app}:latest"], cancellationToken).ConfigureAwait(false))
            .EnsureSuccess($"docker image inspect dokku/{app}:latest").StandardOutput.Trim();

    /// <summary>The app's staged containers that are running ("name image-id" lines; named &lt;app&gt;.web.1.upcoming-N while held).</summary>
    public static async Task<IReadOnlyList<string>> StagedContainersAsync(string app, CancellationToken cancellationToken) =>
        [.. (await RunningContainersAsync(app, cancellationToken).ConfigureAwait(false)).Where(c => c.StartsWith(app + ".web.1.upcoming-", StringComparison.Ordinal))];

    /// <summary>The app's containers that are running: "name image-id" lines (a staged one is named &lt;app&gt;.web.1.upcoming-N).</summary>
    public static async Task<IReadOnlyList<string>> RunningContainersAsync(string app, CancellationToken cancellationToken)
    {
        var result = (await DockerAsync(["ps", "--filter", $"label=com.dokku.app-name={app}", "--format", "{{.Names}} {{.Image}}"], cancellationToken).ConfigureAwait(false))
            .EnsureSuccess("docker ps");
        return [.. result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }

    /// <summary>
    /// Lets <paramref name="host"/> of <paramref name="sim"/> reach the lab as its dokku user does for
    /// <c>graduate:push</c> and hooks: the host's dokku key added to the lab (<c>ssh-keys:add</c>), and
    /// the lab's host key and an ssh entry for <see cref="Alias"/> and 127.0.0.1 on the host.
    /// </summary>
    public async Task LinkAsync(SimulatedDokku sim, SimulatedHost host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sim);
        ArgumentNullException.ThrowIfNull(host);
        var ssh = Path.Combine(host.DokkuRoot, ".ssh");
        var keyName = $"{KeyPrefix}{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{host.Alias}";
        await AddKeyAsync(keyName, Path.Combine(ssh, "id_ed25519.pub"), cancellationToken).ConfigureAwait(false);
        var hostKey = await HostKeyAsync(cancellationToken).ConfigureAwait(false);
        await File.AppendAllTextAsync(Path.Combine(ssh, "known_hosts"), $"{Alias} {hostKey}\n", cancellationToken).ConfigureAwait(false);
        await File.AppendAllTextAsync(Path.Combine(ssh, "config"), SshEntry(Path.Combine(ssh, "id_ed25519"), Path.Combine(ssh, "known_hosts")), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An ssh config for the worker of a graduation: the simulated hosts' entries and the lab's.</summary>
    public async Task<string> SshConfigWith(SimulatedDokku sim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sim);
        var path = Path.Combine(Directory, $"ssh_config-{Path.GetFileName(sim.Directory)}");
        var text = new StringBuilder()
            .Append(await File.ReadAllTextAsync(ClientSshConfigPath, cancellationToken).ConfigureAwait(false))
            .Append('\n')
            .Append(await File.ReadAllTextAsync(sim.ClientSshConfigPath, cancellationToken).ConfigureAwait(false));
        await File.WriteAllTextAsync(path, text.ToString(), cancellationToken).ConfigureAwait(false);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        foreach (var key in addedKeys)
        {
            await RunAsRootAsync(["ssh-keys:remove", key], CancellationToken.None).ConfigureAwait(false);
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }

        await laneLock.DisposeAsync().ConfigureAwait(false);
    }

    private static string FindLab()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("GRADUATE_DOKKU_LAB");
        var path = string.IsNullOrEmpty(fromEnvironment) ? Path.GetFullPath(Path.Combine(Repository.Root, LabRelativePath)) : fromEnvironment;
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"The Dokku lab script is missing ({path}): put the shared tools beside the repository (../shared/tools/dokku) or set GRADUATE_DOKKU_LAB, or set GRADUATE_REAL_DOKKU=0 to leave the real-Dokku tests out.");
    }

    /// <summary>One real-Dokku lane at a time on this machine: two would reinstall the plugin and redeploy the apps under each other.</summary>
    private static async Task<FileStream> AcquireLaneLockAsync(CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(LabState);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(30);
        while (true)
        {
            try
            {
                return new FileStream(Path.Combine(LabState, "graduate-real-dokku.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task EnsureUpAsync(string labScript, int sshPort, CancellationToken cancellationToken)
    {
        var status = await SimulatorProcess.RunAsync("/bin/bash", [labScript, "status"], null, null, cancellationToken).ConfigureAwait(false);
        if (status.StandardOutput.Contains("dockerd: running", StringComparison.Ordinal)
            && status.StandardOutput.Contains("nginx: running", StringComparison.Ordinal)
            && status.StandardOutput.Contains($"sshd: running on 127.0.0.1:{sshPort.ToString(CultureInfo.InvariantCulture)}", StringComparison.Ordinal))
        {
            return;
        }

        var up = await SimulatorProcess.RunAsync("/bin/bash", [labScript, "up", "--ssh-port", sshPort.ToString(CultureInfo.InvariantCulture)], null, null, cancellationToken).ConfigureAwait(false);
        if (!up.Succeeded)
        {
            var reason = up.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? $"exit {up.ExitCode}";
            throw new InvalidOperationException($"Starting the Dokku lab failed: {reason}");
        }
    }

    private async Task PrepareClientAsync(CancellationToken cancellationToken)
    {
        await RemoveStaleKeysAsync(cancellationToken).ConfigureAwait(false);
        var key = Path.Combine(Directory, "id_ed25519");
        (await SimulatorProcess.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "graduate-real-dokku-tests", "-f", key], null, null, cancellationToken).ConfigureAwait(false))
            .EnsureSuccess("ssh-keygen");
        await AddKeyAsync($"{KeyPrefix}{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}", key + ".pub", cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(KnownHostsPath, $"{Alias} {await HostKeyAsync(cancellationToken).ConfigureAwait(false)}\n", cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(ClientSshConfigPath, SshEntry(key, KnownHostsPath), cancellationToken).ConfigureAwait(false);
        var sources = await SimulatorProcess.RunAsync("/bin/bash", [Path.Combine(Repository.Root, "tests", "hosts", "harness.sh"), "sources", Directory], null, null, cancellationToken).ConfigureAwait(false);
        sources.EnsureSuccess("Creating the example sources");
    }

    /// <summary>Keys of lanes whose process is gone (killed before it could remove them).</summary>
    private static async Task RemoveStaleKeysAsync(CancellationToken cancellationToken)
    {
        var list = await RunAsRootAsync(["ssh-keys:list", "--format", "json"], cancellationToken).ConfigureAwait(false);
        if (!list.Succeeded || string.IsNullOrWhiteSpace(list.StandardOutput))
        {
            return;
        }

        using var document = JsonDocument.Parse(list.StandardOutput);
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            var name = entry.TryGetProperty("name", out var n) ? n.GetString() : null;
            if (name is null || !name.StartsWith(KeyPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var pid = name[KeyPrefix.Length..].Split('-')[0];
            if (int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var owner) && !System.IO.Directory.Exists($"/proc/{owner.ToString(CultureInfo.InvariantCulture)}"))
            {
                await RunAsRootAsync(["ssh-keys:remove", name], cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task AddKeyAsync(string name, string publicKeyPath, CancellationToken cancellationToken)
    {
        (await SimulatorProcess.RunAsync("/bin/bash", [LabScript, "add-key", name, publicKeyPath], null, null, cancellationToken).ConfigureAwait(false))
            .EnsureSuccess($"dokku-lab add-key {name}");
        addedKeys.Add(name);
    }

    private static async Task<string> HostKeyAsync(CancellationToken cancellationToken)
    {
        var line = (await File.ReadAllTextAsync(Path.Combine(LabState, "ssh_host_ed25519_key.pub"), cancellationToken).ConfigureAwait(false)).Trim();
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 ? $"{parts[0]} {parts[1]}" : throw new InvalidOperationException($"The lab's host key {LabState}/ssh_host_ed25519_key.pub is not an ssh public key.");
    }

    private string SshEntry(string identity, string knownHosts) => $"""
        Host {Alias} 127.0.0.1
          HostName 127.0.0.1
          Port {SshPort.ToString(CultureInfo.InvariantCulture)}
          User dokku
          IdentityFile {identity}
          IdentitiesOnly yes
          UserKnownHostsFile {knownHosts}
          HostKeyAlias {Alias}
          StrictHostKeyChecking yes
          BatchMode yes
          LogLevel ERROR
          ConnectTimeout 20

        """;

    /// <summary>
    /// The example apps, created once per lab: own nginx port, the shared schema directory at /data, each
    /// other as peer through the docker bridge's gateway (the host's nginx).
    /// </summary>
    private async Task CreateExampleAppsAsync(CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(SchemaDirectory);
        var gateway = await BridgeGatewayAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (app, port) in ExampleApps)
        {
            var peer = ExampleApps.First(p => p.Key != app).Value;
            var peerUrl = $"PEER_URL=http://{gateway}:{peer.ToString(CultureInfo.InvariantCulture)}";
            if ((await RunDokkuAsync(cancellationToken, "apps:exists", app).ConfigureAwait(false)).Succeeded)
            {
                // An app an earlier fixture created with another gateway (or none) answers without its peer: set it
                // again, restarting the app so its container has it.
                var current = (await RunDokkuAsync(cancellationToken, "config:get", app, "PEER_URL").ConfigureAwait(false)).StandardOutput.Trim();
                if ("PEER_URL=" + current != peerUrl)
                {
                    (await RunDokkuAsync(cancellationToken, "config:set", app, peerUrl).ConfigureAwait(false)).EnsureSuccess("config:set " + peerUrl);
                }

                continue;
            }

            (await RunDokkuAsync(cancellationToken, "apps:create", app).ConfigureAwait(false)).EnsureSuccess($"apps:create {app}");
            (await RunDokkuAsync(cancellationToken, "ports:set", app, $"http:{port.ToString(CultureInfo.InvariantCulture)}:5000").ConfigureAwait(false)).EnsureSuccess("ports:set");
            (await RunDokkuAsync(cancellationToken, "storage:mount", app, $"{SchemaDirectory}:/data").ConfigureAwait(false)).EnsureSuccess("storage:mount");
            (await RunDokkuAsync(cancellationToken, "config:set", "--no-restart", app, "DATABASE_URL=file:///data/schema", peerUrl).ConfigureAwait(false))
                .EnsureSuccess("config:set");
        }
    }

    /// <summary>
    /// The host's address on Docker's default bridge, where a container reaches the host's nginx (and so its peer).
    /// Docker 20.10 lists the bridge's gateway in its IPAM config only when it was configured: a fresh daemon's
    /// lists the subnet alone, so the bridge interface's own address is read then.
    /// </summary>
    private static async Task<string> BridgeGatewayAsync(CancellationToken cancellationToken)
    {
        var inspect = (await DockerAsync(["network", "inspect", "bridge", "--format", "{{range .IPAM.Config}}{{.Gateway}}{{end}} {{index .Options \"com.docker.network.bridge.name\"}}"], cancellationToken).ConfigureAwait(false))
            .EnsureSuccess("docker network inspect bridge").StandardOutput.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (inspect.Length == 2)
        {
            return inspect[0];
        }

        var bridge = inspect.Length == 1 ? inspect[0] : "docker0";
        var address = (await SimulatorProcess.RunAsync("ip", ["-4", "-o", "addr", "show", "dev", bridge], null, null, cancellationToken).ConfigureAwait(false))
            .EnsureSuccess("ip addr show " + bridge).StandardOutput;
        var match = System.Text.RegularExpressions.Regex.Match(address, @"inet ([0-9.]+)/");
        return match.Success ? match.Groups[1].Value : throw new InvalidOperationException($"Docker's bridge {bridge} has no IPv4 address: {address.Trim()}");
    }

    /// <summary>Whether two directory trees hold the same files with the same contents (ignoring .git).</summary>
    private static bool SameTree(string left, string right)
    {
        static IEnumerable<string> Files(string root) => System.IO.Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f))
            .Where(f => !f.StartsWith(".git", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

        var leftFiles = Files(left).ToList();
        return leftFiles.SequenceEqual(Files(right))
            && leftFiles.All(f => File.ReadAllBytes(Path.Combine(left, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(right, f))));
    }
}
