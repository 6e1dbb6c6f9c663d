using System.Globalization;

namespace Graduate.Testing;

/// <summary>
/// One simulated Dokku host: its own sshd on 127.0.0.1:<see cref="SshPort"/>, its own proxy and
/// directory tree (<see cref="Root"/>: home/dokku = DOKKU_ROOT, var/lib/dokku = DOKKU_LIB_ROOT).
/// </summary>
public sealed class SimulatedHost
{
    internal SimulatedHost(string name, string alias, int sshPort, string root)
    {
        Name = name;
        Alias = alias;
        SshPort = sshPort;
        Root = root;
    }

    /// <summary>The name the test gave the host (e.g. <c>production</c>).</summary>
    public string Name { get; }

    /// <summary>The ssh alias, unique per harness instance (e.g. <c>production-1a2b3c4d</c>).</summary>
    public string Alias { get; }

    public int SshPort { get; }

    /// <summary>The host directory (HOST in CONTRACT.md).</summary>
    public string Root { get; }

    /// <summary>The forced-command entry point, for the <c>local://</c> transport.</summary>
    public string DokkuSshPath => Path.Combine(Root, "bin", "dokku-ssh");

    public string DokkuRoot => Path.Combine(Root, "home", "dokku");

    /// <summary>The app's public URL on this host's proxy (the app must exist).</summary>
    public Uri PublicUrl(string app)
    {
        var portFile = Path.Combine(Root, "run", "proxy", app + ".port");
        if (!File.Exists(portFile))
        {
            throw new InvalidOperationException($"App {app} has no public port on {Name}: create it first (apps:create).");
        }

        var port = int.Parse(File.ReadAllText(portFile).Trim(), CultureInfo.InvariantCulture);
        return new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
    }

    public override string ToString() => $"{Name} ({Alias}, ssh port {SshPort})";
}
