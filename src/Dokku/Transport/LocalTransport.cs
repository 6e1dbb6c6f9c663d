using System.Diagnostics;

namespace Graduate.Dokku.Transport;

/// <summary>
/// Runs a simulated host's <c>bin/dokku-ssh</c> as a local process with
/// <c>SSH_ORIGINAL_COMMAND</c> set to exactly the command line <see cref="SshTransport"/>
/// would send, so the host sees the same bytes without an sshd (demo and fast tests).
/// </summary>
public sealed class LocalTransport : IDokkuTransport
{
    /// <summary>The variable sshd sets for a forced command, which Dokku reads.</summary>
    public const string OriginalCommandVariable = "SSH_ORIGINAL_COMMAND";

    private readonly TransportOptions options;

    public LocalTransport(EnvironmentUrl url, TransportOptions? options = null)
    {
        if (url.Kind != EnvironmentUrlKind.Local || url.LocalPath is null)
        {
            throw new ArgumentException($"LocalTransport needs a local:///path URL, not '{url}'.", nameof(url));
        }

        Url = url;
        EntryPoint = Path.Combine(url.LocalPath, "bin", "dokku-ssh");
        this.options = options ?? new TransportOptions();
    }

    public EnvironmentUrl Url { get; }

    public string Target => Url.Display;

    /// <summary>The host's entry point, <c>PATH/bin/dokku-ssh</c>.</summary>
    public string EntryPoint { get; }

    public Task<CommandResult> ExecuteAsync(RemoteCommand command, CommandOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        options ??= new CommandOptions();
        var startInfo = new ProcessStartInfo(EntryPoint)
        {
            WorkingDirectory = Url.LocalPath,
        };
        foreach (var (name, value) in this.options.LocalEnvironment)
        {
            startInfo.Environment[name] = value;
        }

        startInfo.Environment[OriginalCommandVariable] = command.CommandLine;
        return ProcessRunner.RunAsync(
            startInfo,
            Target,
            command.CommandLine,
            options,
            options.Timeout ?? this.options.CommandTimeout,
            cancellationToken);
    }
}
