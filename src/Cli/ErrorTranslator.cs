using Graduate.Dokku.Exceptions;
using Temporalio.Exceptions;

namespace Graduate.Cli;

/// <summary>Turns every exception a command can end with into an exit code and one sentence saying what to do.</summary>
public static class ErrorTranslator
{
    public static (int ExitCode, string Message) Translate(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            CliException e => (e.ExitCode, e.Message),
            DokkuValidationException e => (ExitCodes.UsageError, $"{e.Message.TrimEnd('.')}: correct it and run again."),
            DokkuHostKeyException { Problem: HostKeyProblem.Unknown } e =>
                (ExitCodes.Unreachable, $"The host key of {e.Target} is not known yet: check its fingerprint, then trust it once with `graduate env add NAME URL --accept-new-host-key`."),
            DokkuHostKeyException e =>
                (ExitCodes.Unreachable, $"The host key of {e.Target} has CHANGED (possibly someone in the middle): if the host was rebuilt, remove the old key with `ssh-keygen -R HOST` and trust the new one with `graduate env add NAME URL --accept-new-host-key`."),
            DokkuAuthenticationException e =>
                (ExitCodes.Unreachable, $"{e.Target} refused our SSH key: add your public key on the host (dokku ssh-keys:add) or load it in ssh-agent."),
            DokkuTransportException e =>
                (ExitCodes.Unreachable, $"Cannot reach {e.Target} ({SshReason(e)}): check the host is up and `ssh {e.Target}` works from here."),
            DokkuTimeoutException e =>
                (ExitCodes.Unreachable, $"{e.Target} did not answer `{e.Command}` within {e.Timeout.TotalSeconds:0} s: check the host and try again."),
            DokkuCommandException e =>
                (ExitCodes.Unreachable, $"{e.Target} failed `{e.Command}` ({FirstLine(e.ErrorMessage.Length > 0 ? e.ErrorMessage : e.Message)}): check the graduate Dokku plugin is installed there (dokku plugin:install)."),
            DokkuException e => (ExitCodes.Unreachable, $"{FirstLine(e.Message)}: check the host and the graduate Dokku plugin on it."),
            RpcException { Code: RpcException.StatusCode.Unavailable } e => (ExitCodes.Unreachable, $"Lost Temporal ({FirstLine(e.Message)}): check the server is up and run again."),
            RpcException { Code: RpcException.StatusCode.NotFound } e when e.Message.Contains("namespace", StringComparison.OrdinalIgnoreCase) =>
                (ExitCodes.ConfigurationError, $"Temporal has no such namespace ({FirstLine(e.Message)}): create it or set TEMPORAL_NAMESPACE / --namespace to an existing one."),
            RpcException { Code: RpcException.StatusCode.NotFound } e => (ExitCodes.UsageError, $"Not found ({FirstLine(e.Message)}): check the graduation id with `graduate list`."),
            RpcException e => (ExitCodes.Unreachable, $"Temporal refused the call ({e.Code}: {FirstLine(e.Message)}): check the namespace and your credentials."),
            _ => (ExitCodes.GraduationFailed, $"Unexpected error ({exception.GetType().Name}: {FirstLine(exception.Message)}): please report it with the command you ran."),
        };
    }

    /// <summary>What ssh itself said (its last line, e.g. "connect to host x port 22: Connection refused").</summary>
    private static string SshReason(DokkuTransportException e) =>
        e.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault(l => !l.StartsWith("Warning:", StringComparison.Ordinal)) is { } line
            ? (line.StartsWith("ssh: ", StringComparison.Ordinal) ? line[5..] : line).TrimEnd('.')
            : FirstLine(e.Message);

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0].Trim().TrimEnd('.');
        return line.Length > 300 ? line[..300] + "..." : line;
    }
}
