using Graduate.Dokku.Transport;

namespace Graduate.Worker;

/// <summary>
/// How the worker and the CLI reach Dokku hosts over ssh: the user's own ssh setup (~/.ssh/config, agent,
/// known_hosts), plus an optional ssh config file named by <c>GRADUATE_SSH_CONFIG</c> (passed as <c>ssh -F</c>).
/// </summary>
public static class DokkuTransportSettings
{
    public const string SshConfigVariable = "GRADUATE_SSH_CONFIG";

    public static TransportOptions FromEnvironment(Func<string, string?> variables, bool acceptNewHostKey = false)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return new TransportOptions
        {
            AcceptNewHostKey = acceptNewHostKey,
            ExtraSshArguments = variables(SshConfigVariable) is { Length: > 0 } path ? ["-F", path] : [],
        };
    }
}
