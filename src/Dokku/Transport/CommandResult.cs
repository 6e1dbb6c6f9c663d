using Graduate.Dokku.Exceptions;

namespace Graduate.Dokku.Transport;

/// <summary>
/// What a remote command did. A non-zero <see cref="ExitCode"/> is reported here, not
/// thrown: what it means depends on the command (e.g. <c>apps:exists</c> exits 20 for "no").
/// </summary>
public sealed record CommandResult(
    string Target,
    string CommandLine,
    int ExitCode,
    string StandardOutput,
    string StandardError,
    IReadOnlyList<OutputLine> Output,
    TimeSpan Duration)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Dokku's error lines (" !     text") with the marker removed.</summary>
    public IReadOnlyList<string> ErrorLines => DokkuOutput.ErrorLines(StandardError);

    /// <summary>Returns this result if the command exited 0, else throws <see cref="DokkuCommandException"/> with Dokku's message.</summary>
    public CommandResult EnsureSuccess() => Succeeded ? this : throw ToException();

    /// <summary>The exception describing this (failed) result: Dokku's error lines first, then where and how it failed.</summary>
    public DokkuCommandException ToException()
    {
        var message = DokkuOutput.FailureMessage(StandardError);
        return new DokkuCommandException(
            $"{message} ('{CommandLine}' on {Target} exited {ExitCode})",
            Target,
            CommandLine,
            ExitCode,
            message,
            StandardError);
    }

    /// <summary>Non-empty stdout lines.</summary>
    public IReadOnlyList<string> StandardOutputLines =>
        StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
