using Graduate.Dokku.Exceptions;

namespace Graduate.Dokku.Transport;

/// <summary>
/// Tells ssh's own failures apart from a remote command's. ssh exits 255 for its own
/// errors; a remote command could also exit 255, so Dokku's " !     " error lines, which
/// only a command that ran can print, win over the exit code.
/// </summary>
internal static class SshFailureClassifier
{
    public const int SshErrorExitCode = 255;

    private static readonly string[] HostKeyChanged =
    [
        "REMOTE HOST IDENTIFICATION HAS CHANGED",
        "Host key for", // "Host key for X has changed and you have requested strict checking."
    ];

    private static readonly string[] HostKeyRefused =
    [
        "Host key verification failed",
        "No matching host key",
    ];

    public static DokkuTransportException? Classify(CommandResult result)
    {
        if (result.ExitCode != SshErrorExitCode || result.ErrorLines.Count > 0)
        {
            return null;
        }

        var stderr = result.StandardError;
        var target = result.Target;
        var host = HostOf(target);
        if (HostKeyChanged.Any(s => stderr.Contains(s, StringComparison.Ordinal))
            && stderr.Contains("verification failed", StringComparison.Ordinal))
        {
            return new DokkuHostKeyException(
                $"The host key of {target} does not match the one in known_hosts, so the connection was refused (this can mean someone is intercepting it). "
                + $"Check the known_hosts line ssh names below; only if the host was really reinstalled, remove the old key with `ssh-keygen -R {host}` and verify the new fingerprint before connecting again.",
                target,
                result.CommandLine,
                stderr,
                HostKeyProblem.Changed);
        }

        if (HostKeyRefused.Any(s => stderr.Contains(s, StringComparison.Ordinal)))
        {
            return new DokkuHostKeyException(
                $"The host key of {target} is not in known_hosts and strict host key checking is on. "
                + $"Add the environment with host key acceptance, or add its key after checking the fingerprint (e.g. `ssh-keyscan {host}` compared with the host's own `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub`).",
                target,
                result.CommandLine,
                stderr,
                HostKeyProblem.Unknown);
        }

        if (stderr.Contains("Permission denied", StringComparison.Ordinal)
            || stderr.Contains("Too many authentication failures", StringComparison.Ordinal))
        {
            return new DokkuAuthenticationException(
                $"{target} refused our ssh key: {Summary(stderr)}. Check that the key ssh offers (agent, ~/.ssh/config IdentityFile) is authorised for {target} (e.g. with `dokku ssh-keys:add`).",
                target,
                result.CommandLine,
                stderr);
        }

        return new DokkuConnectionException(
            $"Could not reach {target}: {Summary(stderr)}. Check the host name, port and network; the command did not run, or did not finish.",
            target,
            result.CommandLine,
            stderr);
    }

    private static string Summary(string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("Warning: Permanently added", StringComparison.Ordinal))
            .ToList();
        return lines.Count == 0 ? "ssh exited with code 255 and no message" : lines[^1].TrimEnd('.');
    }

    private static string HostOf(string target)
    {
        // target is user@host[:port] or user@[v6]:port; ssh-keygen -R wants host or [host]:port.
        var at = target.IndexOf('@', StringComparison.Ordinal);
        var hostPart = at >= 0 ? target[(at + 1)..] : target;
        return hostPart.Contains(':', StringComparison.Ordinal) && !hostPart.StartsWith('[')
            ? "[" + hostPart[..hostPart.LastIndexOf(':')] + "]" + hostPart[hostPart.LastIndexOf(':')..]
            : hostPart;
    }
}
