using Graduate.Worker;
using Temporalio.Client;

namespace Graduate.Cli.Temporal;

/// <summary>Connects to Temporal, turning the ways that fails into sentences with exit codes.</summary>
public static class TemporalConnector
{
    public static async Task<ITemporalClient> ConnectAsync(TemporalSettings settings, CancellationToken ct)
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
