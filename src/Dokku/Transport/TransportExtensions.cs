using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Graduate.Dokku.Transport;

/// <summary>Conveniences over <see cref="IDokkuTransport"/>.</summary>
public static class TransportExtensions
{
    /// <summary>
    /// Runs the command and yields its output lines as they arrive, for progress displays.
    /// Throws <see cref="Exceptions.DokkuCommandException"/> after the last line if the
    /// command failed. Stopping the enumeration early cancels (kills) the command.
    /// </summary>
    public static async IAsyncEnumerable<OutputLine> StreamAsync(
        this IDokkuTransport transport,
        RemoteCommand command,
        string? standardInput,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var lines = Channel.CreateUnbounded<OutputLine>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var options = new CommandOptions { StandardInput = standardInput, OnOutput = line => lines.Writer.TryWrite(line) };
        var run = RunAsync(transport, command, options, lines.Writer, stop.Token);
        try
        {
            await foreach (var line in lines.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return line;
            }

            (await run.ConfigureAwait(false)).EnsureSuccess();
        }
        finally
        {
            if (!run.IsCompleted)
            {
                // The consumer stopped early: kill the command rather than leave it running.
                await stop.CancelAsync().ConfigureAwait(false);
                try
                {
                    await run.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }
            else if (run.IsFaulted)
            {
                // Already rethrown through the channel; observe it so it is not reported twice.
                _ = run.Exception;
            }
        }
    }

    private static async Task<CommandResult> RunAsync(
        IDokkuTransport transport,
        RemoteCommand command,
        CommandOptions options,
        ChannelWriter<OutputLine> writer,
        CancellationToken cancellationToken)
    {
        try
        {
            var result = await transport.ExecuteAsync(command, options, cancellationToken).ConfigureAwait(false);
            writer.TryComplete();
            return result;
        }
        catch (Exception ex)
        {
            // Completing with the error makes the reader's loop throw it in order, after the lines.
            writer.TryComplete(ex);
            throw;
        }
    }
}
