namespace Graduate.Cli.Configuration;

/// <summary>The optional <c>temporal:</c> section of graduate.yml; variables and flags override it.</summary>
public sealed record TemporalSection
{
    public string? Address { get; init; }

    public string? Namespace { get; init; }

    public string? TaskQueue { get; init; }

    /// <summary>host:port (or URL) of the Temporal Web UI, for the links the CLI prints.</summary>
    public string? Ui { get; init; }

    public bool IsEmpty => Address is null && Namespace is null && TaskQueue is null && Ui is null;
}
