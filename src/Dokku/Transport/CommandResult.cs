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

    /// <summary>Non-empty stdout lines.</summary>
    public IReadOnlyList<string> StandardOutputLines =>
        StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
