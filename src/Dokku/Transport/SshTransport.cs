using System.Diagnostics;
using System.Globalization;

namespace Graduate.Dokku.Transport;

/// <summary>
/// Runs Dokku commands through the system OpenSSH client, so the user's ~/.ssh/config,
/// agent, known_hosts and ProxyJump all apply. No local shell is involved: arguments go to
/// ssh through <see cref="ProcessStartInfo.ArgumentList"/>.
/// </summary>
public sealed class SshTransport : IDokkuTransport
{
    private readonly TransportOptions options;

    public SshTransport(EnvironmentUrl url, TransportOptions? options = null)
    {
        if (url.Kind != EnvironmentUrlKind.Ssh || url.Host is null)
        {
            throw new ArgumentException($"SshTransport needs an ssh URL ({EnvironmentUrl.AcceptedForms}), not '{url}'.", nameof(url));
        }

        Url = url;
        this.options = options ?? new TransportOptions();
    }

    public EnvironmentUrl Url { get; }

    public string Target => Url.Display;

    /// <summary>The full ssh argument list for <paramref name="command"/> (exposed for tests and diagnostics).</summary>
    public IReadOnlyList<string> BuildArguments(RemoteCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var args = new List<string>
        {
            // No tty: output stays plain lines and stdin stays a pipe for scripts.
            "-T",
            "-o", "BatchMode=yes",
            "-o", "ConnectTimeout=" + Seconds(options.ConnectTimeout),
            "-o", "ServerAliveInterval=" + Seconds(options.ServerAliveInterval),
            "-o", "ServerAliveCountMax=" + options.ServerAliveCountMax.ToString(CultureInfo.InvariantCulture),
            "-o", "StrictHostKeyChecking=" + (options.AcceptNewHostKey ? "accept-new" : "yes"),
        };
        args.AddRange(options.ExtraSshArguments);
        if (Url.Port is { } port)
        {
            args.Add("-p");
            args.Add(port.ToString(CultureInfo.InvariantCulture));
        }

        args.Add("-l");
        args.Add(Url.User!);
        // "--" ends ssh's options, so nothing after it can be read as one.
        args.Add("--");
        args.Add(Url.Host!);
        args.Add(command.CommandLine);
        return args;
    }

    public async Task<CommandResult> ExecuteAsync(RemoteCommand command, CommandOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        options ??= new CommandOptions();
        var startInfo = new ProcessStartInfo(this.options.SshExecutable);
        foreach (var argument in BuildArguments(command))
        {
            startInfo.ArgumentList.Add(argument);
        }

        var result = await ProcessRunner.RunAsync(
            startInfo,
            Target,
            command.CommandLine,
            options,
            options.Timeout ?? this.options.CommandTimeout,
            cancellationToken).ConfigureAwait(false);
        if (SshFailureClassifier.Classify(result) is { } failure)
        {
            throw failure;
        }

        return result;
    }

    private static string Seconds(TimeSpan value) =>
        Math.Max(1, (int)Math.Ceiling(value.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
