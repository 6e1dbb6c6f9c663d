using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Graduate.Dokku.Exceptions;

namespace Graduate.Dokku.Transport;

/// <summary>
/// Runs a child process without a shell, feeds stdin, streams and captures stdout/stderr
/// line by line, and kills the whole process tree on timeout or cancellation so no ssh (or
/// its ProxyCommand) is left behind.
/// </summary>
internal static class ProcessRunner
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static async Task<CommandResult> RunAsync(
        ProcessStartInfo startInfo,
        string target,
        string commandLine,
        CommandOptions options,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        startInfo.UseShellExecute = false;
        startInfo.RedirectStandardInput = true;
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.StandardInputEncoding = Utf8NoBom;
        startInfo.StandardOutputEncoding = Utf8NoBom;
        startInfo.StandardErrorEncoding = Utf8NoBom;

        var sink = new OutputSink(options.OnOutput);
        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new DokkuTransportException(
                $"Could not start '{startInfo.FileName}' to reach {target}: {ex.Message}. Check that it is installed and on PATH.",
                ex);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            stop.CancelAfter(timeout);
        }

        var stdout = PumpAsync(process.StandardOutput, OutputStream.StandardOutput, sink, stop);
        var stderr = PumpAsync(process.StandardError, OutputStream.StandardError, sink, stop);
        var stdin = FeedAsync(process.StandardInput, options.StandardInput, stop.Token);

        try
        {
            await process.WaitForExitAsync(stop.Token).ConfigureAwait(false);
            await DrainAsync(stdout, stderr, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            KillTree(process);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            await DrainAsync(stdout, stderr, CancellationToken.None).ConfigureAwait(false);
            sink.ThrowIfCallbackFailed();
            cancellationToken.ThrowIfCancellationRequested();
            throw new DokkuTimeoutException(
                $"'{commandLine}' on {target} did not finish within {timeout.TotalSeconds:0.#} s and was stopped.",
                target,
                commandLine,
                timeout);
        }

        await stdin.ConfigureAwait(false);
        sink.ThrowIfCallbackFailed();
        return new CommandResult(
            target,
            commandLine,
            process.ExitCode,
            sink.StandardOutput,
            sink.StandardError,
            sink.Lines,
            stopwatch.Elapsed);
    }

    private static async Task DrainAsync(Task stdout, Task stderr, CancellationToken cancellationToken)
    {
        var both = Task.WhenAll(stdout, stderr);
        // A detached grandchild that inherited our pipes would keep them open after the
        // process we started has exited; stop waiting for it after a grace period.
        await Task.WhenAny(both, Task.Delay(DokkuDefaults.OutputDrainTimeout, cancellationToken)).ConfigureAwait(false);
    }

    private static async Task PumpAsync(StreamReader reader, OutputStream stream, OutputSink sink, CancellationTokenSource stop)
    {
        try
        {
            while (await reader.ReadLineAsync(stop.Token).ConfigureAwait(false) is { } line)
            {
                if (!sink.Add(stream, line))
                {
                    // The caller's callback threw: stop the command rather than run on unobserved.
                    await stop.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static async Task FeedAsync(StreamWriter writer, string? input, CancellationToken cancellationToken)
    {
        try
        {
            if (input is not null)
            {
                await writer.WriteAsync(input.AsMemory(), cancellationToken).ConfigureAwait(false);
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (IOException)
        {
            // The command exited without reading all of stdin; its exit code tells the story.
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            try
            {
                // Closing stdin is what tells ssh (and the remote command) that input ended.
                writer.Close();
            }
            catch (IOException)
            {
            }
        }
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (Win32Exception)
        {
            // Exited between the check and the kill.
        }
    }

    private sealed class OutputSink(Action<OutputLine>? callback)
    {
        private readonly Lock gate = new();
        private readonly StringBuilder stdout = new();
        private readonly StringBuilder stderr = new();
        private readonly List<OutputLine> lines = [];
        private Exception? callbackFailure;

        public string StandardOutput
        {
            get
            {
                lock (gate)
                {
                    return stdout.ToString();
                }
            }
        }

        public string StandardError
        {
            get
            {
                lock (gate)
                {
                    return stderr.ToString();
                }
            }
        }

        public IReadOnlyList<OutputLine> Lines
        {
            get
            {
                lock (gate)
                {
                    return [.. lines];
                }
            }
        }

        public bool Add(OutputStream stream, string text)
        {
            var line = new OutputLine(stream, text);
            // One lock for capture and callback, so callers see lines one at a time and in
            // the same order as the captured list.
            lock (gate)
            {
                (stream == OutputStream.StandardOutput ? stdout : stderr).Append(text).Append('\n');
                lines.Add(line);
                if (callback is null || callbackFailure is not null)
                {
                    return callbackFailure is null;
                }

                try
                {
                    callback(line);
                    return true;
                }
                catch (Exception ex)
                {
                    callbackFailure = ex;
                    return false;
                }
            }
        }

        public void ThrowIfCallbackFailed()
        {
            lock (gate)
            {
                if (callbackFailure is not null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(callbackFailure);
                }
            }
        }
    }
}
