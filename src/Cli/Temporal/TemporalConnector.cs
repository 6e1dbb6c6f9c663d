using Graduate.Worker;
using Temporalio.Client;

namespace Graduate.Cli.Temporal;

/// <summary>Connects to Temporal, turning the ways that fails into sentences with exit codes.</summary>
public static class TemporalConnector
{
    public static Task<ITemporalClient> ConnectAsync(TemporalSettings settings, CancellationToken ct) => ConnectAsync(settings, identity: null, ct);

    /// <summary>
    /// Connects as the person running the command: the client identity is <c>$USER@host</c> (else <c>$LOGNAME@host</c>),
    /// which Temporal records on what the client starts and signals (<c>graduate history</c> shows it as who started a run).
    /// Without either variable it is the SDK's default, <c>pid@host</c>.
    /// </summary>
    public static Task<ITemporalClient> ConnectAsync(TemporalSettings settings, CliContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.Variables("USER") is { Length: > 0 } name ? name : context.Variables("LOGNAME");
        return ConnectAsync(settings, string.IsNullOrEmpty(user) ? null : $"{user}@{Environment.MachineName}", ct);
    }

    private static async Task<ITemporalClient> ConnectAsync(TemporalSettings settings, string? identity, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        TemporalClientConnectOptions options;
        try
        {
            options = settings.ToConnectOptions();
        }
        catch (TemporalSettingsException e)
        {
            throw new CliException(ExitCodes.ConfigurationError, e.Message, e);
        }

        options.Identity ??= identity;
        try
        {
            return await TemporalClient.ConnectAsync(options).WaitAsync(ct).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            throw Unreachable(settings, e);
        }
    }

    public static CliException Unreachable(TemporalSettings settings, Exception e)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(e);
        return new CliException(
            ExitCodes.Unreachable,
            $"Cannot reach Temporal at {settings.Address} ({Reason(e)}): start a server (temporal server start-dev) or point {TemporalVariables.Address} or --address at yours.",
            e);
    }

    /// <summary>The SDK's connect error without its wrapping (e.g. "Connection refused").</summary>
    private static string Reason(Exception e)
    {
        var text = e.Message;
        var os = text.IndexOf("message: \"", StringComparison.Ordinal);
        if (os >= 0)
        {
            var end = text.IndexOf('"', os + 10);
            return end > os ? text[(os + 10)..end] : text;
        }

        return text.Split('\n', 2)[0].TrimEnd('.');
    }
}
