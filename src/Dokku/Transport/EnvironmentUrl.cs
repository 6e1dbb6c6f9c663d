using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Graduate.Dokku.Transport;

/// <summary>
/// Where an environment's Dokku lives. Accepted forms: <c>ssh://user@host[:port]</c>,
/// the shorthand <c>user@host</c> (usually <c>dokku@host</c>; host may be an ssh config
/// alias), and <c>local:///absolute/path</c> for a simulated host. Anything else is refused
/// so a typo cannot turn into an ssh option or a surprising destination.
/// </summary>
public readonly partial record struct EnvironmentUrl : IParsable<EnvironmentUrl>
{
    public const string AcceptedForms = "ssh://user@host[:port], user@host (e.g. dokku@host) or local:///absolute/path";

    private EnvironmentUrl(EnvironmentUrlKind kind, string? user, string? host, int? port, string? localPath)
    {
        Kind = kind;
        User = user;
        Host = host;
        Port = port;
        LocalPath = localPath;
    }

    public EnvironmentUrlKind Kind { get; }

    /// <summary>Login name (ssh only).</summary>
    public string? User { get; }

    /// <summary>Host name, address (IPv6 without brackets) or ssh config alias (ssh only).</summary>
    public string? Host { get; }

    /// <summary>Port if given; otherwise ssh's config decides (ssh only).</summary>
    public int? Port { get; }

    /// <summary>Directory of a simulated host (local only).</summary>
    public string? LocalPath { get; }

    public static EnvironmentUrl Ssh(string user, string host, int? port = null) =>
        Parse(port is null ? $"ssh://{user}@{Bracket(host)}" : $"ssh://{user}@{Bracket(host)}:{port.Value.ToString(CultureInfo.InvariantCulture)}");

    public static EnvironmentUrl Local(string path) => Parse("local://" + path);

    public static EnvironmentUrl Parse(string value) => Parse(value, null);

    public static EnvironmentUrl Parse(string s, IFormatProvider? provider)
    {
        if (TryParse(s, out var url, out var error))
        {
            return url;
        }

        throw new FormatException(error);
    }

    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out EnvironmentUrl result) =>
        TryParse(s, out result, out _);

    public static bool TryParse([NotNullWhen(true)] string? s, out EnvironmentUrl result, out string error)
    {
        result = default;
        error = $"Invalid environment URL '{Shown(s)}': expected {AcceptedForms}.";
        if (string.IsNullOrWhiteSpace(s))
        {
            return false;
        }

        if (s.StartsWith("local://", StringComparison.Ordinal))
        {
            var path = s["local://".Length..];
            if (path.Length < 2 || path[0] != '/' || path.Any(char.IsControl))
            {
                return false;
            }

            result = new EnvironmentUrl(EnvironmentUrlKind.Local, null, null, null, path.Length > 1 ? path.TrimEnd('/') : path);
            return true;
        }

        var match = SshPattern().Match(s);
        if (!match.Success)
        {
            return false;
        }

        int? port = null;
        if (match.Groups["port"].Success)
        {
            if (!match.Groups["scheme"].Success
                || !int.TryParse(match.Groups["port"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                || number is < 1 or > 65535)
            {
                return false;
            }

            port = number;
        }

        var host = match.Groups["v6"].Success ? match.Groups["v6"].Value : match.Groups["host"].Value;
        result = new EnvironmentUrl(EnvironmentUrlKind.Ssh, match.Groups["user"].Value, host, port, null);
        return true;
    }

    /// <summary>Short form for messages, e.g. "dokku@staging:2222" or "local:///tmp/host".</summary>
    public string Display => Kind == EnvironmentUrlKind.Local
        ? "local://" + LocalPath
        : $"{User}@{Bracket(Host ?? "")}" + (Port is { } p ? ":" + p.ToString(CultureInfo.InvariantCulture) : "");

    /// <summary>The canonical URL: <c>ssh://user@host[:port]</c> or <c>local://path</c>.</summary>
    public override string ToString() => Kind == EnvironmentUrlKind.Local ? Display : "ssh://" + Display;

    private static string Bracket(string host) => host.Contains(':', StringComparison.Ordinal) ? "[" + host + "]" : host;

    private static string Shown(string? s) =>
        s is null ? "" : new string([.. s.Take(100).Select(c => char.IsControl(c) ? '?' : c)]);

    // user: POSIX login names. host: DNS names, IPv4 and ssh aliases (never starting with '-',
    // so it can't become an ssh option), or a bracketed IPv6 address. A port is only accepted
    // in the ssh:// form, as in ssh itself.
    [GeneratedRegex(
        @"\A(?<scheme>ssh://)?(?<user>[a-z_][a-z0-9_-]{0,31})@(?:\[(?<v6>[0-9A-Fa-f:.]+)\]|(?<host>[A-Za-z0-9_][A-Za-z0-9._-]{0,252}))(?::(?<port>[0-9]{1,5}))?\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex SshPattern();
}
