using System.Globalization;
using System.Text.Json;

namespace Graduate.Demo;

/// <summary>
/// The demo's two simulated Dokku hosts, <c>staging</c> and <c>production</c> (tests/hosts/harness.sh): the seed's
/// <c>portal</c> and <c>webservices</c>, production one version behind. Dispose runs <c>harness.sh down</c>.
/// </summary>
public sealed class DemoHosts : IAsyncDisposable
{
    public const string Staging = "staging";
    public const string Production = "production";

    private readonly string harness;
    private int disposed;

    private DemoHosts(string harness, string directory, string sshConfig, string sshUser, IReadOnlyDictionary<string, string> aliases)
    {
        this.harness = harness;
        Directory = directory;
        ClientSshConfigPath = sshConfig;
        SshUser = sshUser;
        Aliases = aliases;
    }

    public string Directory { get; }

    /// <summary>ssh_config reaching every host by alias (<c>ssh -F</c>).</summary>
    public string ClientSshConfigPath { get; }

    public string SshUser { get; }

    /// <summary>Host name to its ssh alias (<c>&lt;name&gt;-&lt;instance&gt;</c>).</summary>
    public IReadOnlyDictionary<string, string> Aliases { get; }

    /// <summary>An environment's Dokku URL as graduate.yml would hold it: <c>dokku@&lt;alias&gt;</c>.</summary>
    public string Url(string host) => $"{SshUser}@{Aliases[host]}";

    /// <summary>What answers an app's public traffic on <paramref name="host"/> (the proxy's port for it).</summary>
    public Uri PublicUrl(string host, string app)
    {
        var port = File.ReadAllText(Path.Combine(Directory, "hosts", host, "run", "proxy", app + ".port")).Trim();
        return new Uri($"http://127.0.0.1:{int.Parse(port, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)}/");
    }

    /// <summary>Starts both hosts in <paramref name="directory"/> and seeds the example.</summary>
    public static async Task<DemoHosts> StartAsync(string harness, string directory, CancellationToken ct)
    {
        if (!File.Exists("/usr/sbin/sshd"))
        {
            throw new DemoException(DemoExitCodes.ConfigurationError, "sshd is missing (/usr/sbin/sshd): install it (sudo apt-get install openssh-server) to run the demo's simulated Dokku hosts.");
        }

        // The harness stops the hosts by itself if this process dies without tearing them down.
        var owner = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GRADUATE_SIM_OWNER_PID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
        };
        ProcessResult up;
        try
        {
            up = await ProcessResult.RunAsync("/bin/bash", [harness, "up", directory, Staging, Production], owner, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await ProcessResult.RunAsync("/bin/bash", [harness, "down", directory], null, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        if (!up.Succeeded)
        {
            await ProcessResult.RunAsync("/bin/bash", [harness, "down", directory], null, CancellationToken.None).ConfigureAwait(false);
            throw new DemoException(DemoExitCodes.ConfigurationError, $"Starting the simulated Dokku hosts failed ({up.LastWords}): see {harness} and tests/hosts/README.md for what they need.");
        }

        using var document = JsonDocument.Parse(up.StandardOutput);
        var root = document.RootElement;
        var hosts = new DemoHosts(
            harness,
            directory,
            root.GetProperty("clientSshConfig").GetString()!,
            root.GetProperty("sshUser").GetString()!,
            root.GetProperty("hosts").EnumerateArray().ToDictionary(h => h.GetProperty("name").GetString()!, h => h.GetProperty("alias").GetString()!, StringComparer.Ordinal));
        try
        {
            var seed = await ProcessResult.RunAsync("/bin/bash", [harness, "seed-example", directory, Staging, Production], null, ct).ConfigureAwait(false);
            if (!seed.Succeeded)
            {
                throw new DemoException(DemoExitCodes.ConfigurationError, $"Seeding the simulated hosts failed: {seed.LastWords}");
            }

            return hosts;
        }
        catch
        {
            await hosts.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs <c>dokku ARGS</c> on <paramref name="host"/> over ssh; throws with what it said when it fails.</summary>
    public async Task<string> DokkuAsync(string host, CancellationToken ct, params string[] arguments)
    {
        var result = await ProcessResult.RunAsync("/bin/bash", [harness, "ssh", Directory, host, .. arguments], null, ct).ConfigureAwait(false);
        return result.Succeeded
            ? result.StandardOutput
            : throw new DemoException(DemoExitCodes.ConfigurationError, $"`dokku {string.Join(' ', arguments)}` on {host} failed: {result.LastWords}");
    }

    /// <summary>Pushes <paramref name="revision"/> of the example app's source repository to <paramref name="host"/> (a developer's git push).</summary>
    public async Task DeployAsync(string host, string app, string revision, CancellationToken ct)
    {
        var result = await ProcessResult.RunAsync("/bin/bash", [harness, "deploy", Directory, host, app, revision], null, ct).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new DemoException(DemoExitCodes.ConfigurationError, $"Deploying {app} {revision} to {host} failed: {result.LastWords}");
        }
    }

    /// <summary>
    /// Installs on <paramref name="host"/> a plugin with one trigger (run as the hosts' user, in plugin-name order).
    /// </summary>
    public void InstallTrigger(string host, string plugin, string trigger, string body)
    {
        var directory = Path.Combine(Directory, "hosts", host, "var", "lib", "dokku", "plugins", "enabled", plugin);
        System.IO.Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, trigger);
        File.WriteAllText(file, "#!/usr/bin/env bash\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            var readAndRun = UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
            File.SetUnixFileMode(directory, readAndRun | UnixFileMode.UserWrite);
            File.SetUnixFileMode(file, readAndRun | UnixFileMode.UserWrite);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await ProcessResult.RunAsync("/bin/bash", [harness, "down", Directory], null, CancellationToken.None).ConfigureAwait(false);
    }
}
