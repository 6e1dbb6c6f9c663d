using Graduate.Dokku.Transport;
using Graduate.Workflows;

namespace Graduate.Activities;

/// <summary>What the source host needs to know about the destination: its git remote and its host name.</summary>
internal static class Environments
{
    /// <summary>
    /// The remote the source pushes <paramref name="app"/> to: <c>user@host:app</c>, or
    /// <c>ssh://user@host:port/app</c> when the destination's URL names a port.
    /// </summary>
    public static string GitRemote(EnvironmentRef destination, string app)
    {
        var url = Parse(destination);
        if (url.Kind != EnvironmentUrlKind.Ssh)
        {
            throw ActivityFailures.InvalidInput(
                $"Destination {destination.Name} is {url.Display}: the source host can only push to an ssh destination (dokku@host or ssh://dokku@host:port).");
        }

        var host = url.Host!.Contains(':', StringComparison.Ordinal) ? "[" + url.Host + "]" : url.Host;
        return url.Port is { } port
            ? $"ssh://{url.User}@{host}:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}/{app}"
            : $"{url.User}@{host}:{app}";
    }

    /// <summary>The destination's host part, as the original plugin exported it in <c>ENVIRONMENT_URL</c>.</summary>
    public static string HostPart(EnvironmentRef environment)
    {
        var url = Parse(environment);
        return url.Kind == EnvironmentUrlKind.Ssh ? url.Host! : url.LocalPath!;
    }

    private static EnvironmentUrl Parse(EnvironmentRef environment) =>
        EnvironmentUrl.TryParse(environment.Url, out var url, out var error)
            ? url
            : throw ActivityFailures.InvalidInput($"Environment {environment.Name}: {error}");
}
