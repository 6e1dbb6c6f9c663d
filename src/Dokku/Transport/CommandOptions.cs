namespace Graduate.Dokku.Transport;

/// <summary>Per-call settings for <see cref="IDokkuTransport.ExecuteAsync"/>.</summary>
public sealed record CommandOptions
{
    /// <summary>
    /// Text written to the command's stdin, then stdin is closed. This is the only way free
    /// text (hook scripts, tag messages, keys) reaches a host: Dokku re-splits the command
    /// line on whitespace, so such text cannot travel as an argument.
    /// </summary>
    public string? StandardInput { get; init; }

    /// <summary>
    /// Called for each line as it arrives (stdout and stderr interleaved, never concurrently).
    /// Output is captured in the result whether or not this is set.
    /// </summary>
    public Action<OutputLine>? OnOutput { get; init; }

    /// <summary>Overrides <see cref="TransportOptions.CommandTimeout"/> for this call.</summary>
    public TimeSpan? Timeout { get; init; }
}
