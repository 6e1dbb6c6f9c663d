using System.Diagnostics;
using System.Globalization;

namespace Graduate.Dokku.Transport;

/// <summary>
/// Runs Dokku commands through the system OpenSSH client, so the user's ~/.ssh/config,
/// agent, known_hosts and ProxyJump all apply. No local shell is involved: arguments go to
/// ssh through <see cref="ProcessStartInfo.ArgumentList"/>. Commands to one host share one
/// connection (<see cref="TransportOptions.ConnectionSharing"/>) unless that is turned off.
/// </summary>
public sealed class SshTransport : IDokkuTransport
{
    /// <summary>Where <see cref="TransportOptions.ExtraSshArguments"/> start in <see cref="CommonArguments"/>.</summary>
    private const int ExtraArgumentsIndex = 11;

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
    public IReadOnlyList<string> BuildArguments(RemoteCommand command) => BuildArguments(command, direct: false);

    public async Task<CommandResult> ExecuteAsync(RemoteCommand command, CommandOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        options ??= new CommandOptions();
        var sharing = Sharing;
        CommandResult result;
        if (sharing is null)
        {
            result = await RunAsync(command, direct: false, options, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await sharing.PrepareAsync(Connection(), cancellationToken).ConfigureAwait(false);
            if (options.OnOutput is { } onOutput)
            {
                options = options with { OnOutput = line => { if (!IsNoise(line)) onOutput(line); } };
            }

            result = await RunAsync(command, direct: false, options, cancellationToken).ConfigureAwait(false);
            if (SshConnectionSharing.IsSocketSetupFailure(result))
            {
                // ssh could not set up the master's socket and stopped before the command ran: run it on its own.
                result = await RunAsync(command, direct: true, options, cancellationToken).ConfigureAwait(false);
            }

            result = WithoutNoise(result);
        }

        if (SshFailureClassifier.Classify(result) is { } failure)
        {
            throw failure;
        }

        return result;
    }

    /// <summary>The connection sharing this transport uses: none on Windows, when turned off, or when the options name a control socket themselves.</summary>
    private SshConnectionSharing? Sharing =>
        SshConnectionSharing.IsSupported && !SshConnectionSharing.NamesItsOwnSocket(options.ExtraSshArguments) ? options.ConnectionSharing : null;

    /// <summary><paramref name="direct"/>: past any shared connection.</summary>
    internal IReadOnlyList<string> BuildArguments(RemoteCommand command, bool direct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var args = CommonArguments();
        if (Sharing is { } sharing)
        {
            // Before the extra arguments: for each option ssh keeps the first value it is given.
            args.InsertRange(ExtraArgumentsIndex, direct ? SshConnectionSharing.DirectOptions : sharing.OptionsFor(Connection()));
        }

        args.Add(command.CommandLine);
        return args;
    }

    /// <summary>What decides how ssh connects (executable and every argument before the command): what a shared connection is keyed by.</summary>
    private List<string> Connection() => [options.SshExecutable, .. CommonArguments()];

    private List<string> CommonArguments()
    {
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
        return args;
    }

    private Task<CommandResult> RunAsync(RemoteCommand command, bool direct, CommandOptions options, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(this.options.SshExecutable);
        foreach (var argument in BuildArguments(command, direct))
        {
            startInfo.ArgumentList.Add(argument);
        }

        return ProcessRunner.RunAsync(
            startInfo,
            Target,
            command.CommandLine,
            options,
            options.Timeout ?? this.options.CommandTimeout,
            cancellationToken);
    }

    private static bool IsNoise(OutputLine line) => line.Stream == OutputStream.StandardError && SshConnectionSharing.IsSharingNoise(line.Text);

    /// <summary>The result without ssh's notes about sharing, which are not the command's output.</summary>
    private static CommandResult WithoutNoise(CommandResult result)
    {
        if (!result.Output.Any(IsNoise))
        {
            return result;
        }

        var kept = result.Output.Where(l => !IsNoise(l)).ToList();
        var standardError = string.Concat(kept.Where(l => l.Stream == OutputStream.StandardError).Select(l => l.Text + "\n"));
        return result with { StandardError = standardError, Output = kept };
    }

    private static string Seconds(TimeSpan value) =>
        Math.Max(1, (int)Math.Ceiling(value.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
