using Graduate.Temporal.Client;
using Graduate.Temporal.Exceptions;
using Graduate.Worker;

namespace Graduate.Cli.Temporal;

/// <summary>Connects to Temporal, turning the ways that fails into sentences with exit codes.</summary>
public static class TemporalConnector
{
    public static async Task<TemporalClient> ConnectAsync(TemporalSettings settings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        TemporalClientOptions options;
        try
        {
            options = settings.ToClientOptions();
        }
        catch (TemporalSettingsException e)
        {
            throw new CliException(ExitCodes.ConfigurationError, e.Message, e);
        }

        try
        {
            return await TemporalClient.ConnectAsync(options, ct).ConfigureAwait(false);
        }
        catch (UnavailableException e)
        {
            throw Unreachable(settings, e);
        }
        catch (DeadlineExceededException e)
        {
            throw Unreachable(settings, e);
        }
    }

    public static CliException Unreachable(TemporalSettings settings, Exception e)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new CliException(
            ExitCodes.Unreachable,
            $"Cannot reach Temporal at {settings.Address}: start a server (temporal server start-dev) or point {TemporalVariables.Address} or --address at yours.",
            e);
    }
}
