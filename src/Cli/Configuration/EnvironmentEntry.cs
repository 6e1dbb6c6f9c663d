namespace Graduate.Cli.Configuration;

/// <summary>One environment as written in graduate.yml: its name, its Dokku host URL and what it asks of a graduation to it.</summary>
/// <param name="Name">The environment's name.</param>
/// <param name="Url">Its Dokku host.</param>
public sealed record EnvironmentEntry(string Name, string Url)
{
    /// <summary>The default of <see cref="ApprovalTimeout"/>.</summary>
    public static readonly TimeSpan DefaultApprovalTimeout = TimeSpan.FromMinutes(30);

    /// <summary>The longest <see cref="ApprovalTimeout"/>: staged apps should not wait on a gate for longer than a week.</summary>
    public static readonly TimeSpan LongestApprovalTimeout = TimeSpan.FromDays(7);

    /// <summary>A graduation to it waits, every app staged, for <c>graduate approve</c> before going live (<c>approval: required</c>).</summary>
    public bool ApprovalRequired { get; init; }

    /// <summary>How long it waits for the approval before it tears down (<c>approvalTimeout</c>; null: the default).</summary>
    public TimeSpan? ApprovalTimeout { get; init; }

    /// <summary>
    /// Config keys that belong to this environment alone (<c>environmentSpecificConfig</c>): a key set here and not on
    /// the other side of a graduation is not config drift.
    /// </summary>
    public IReadOnlyList<string> EnvironmentSpecificConfig { get; init; } = [];

    /// <summary>Whether it needs the mapping form in graduate.yml (anything beside the URL).</summary>
    public bool HasSettings => ApprovalRequired || ApprovalTimeout is not null || EnvironmentSpecificConfig.Count > 0;

    /// <summary>Equal when every setting is, the list of config keys compared item by item (a record compares lists by reference).</summary>
    public bool Equals(EnvironmentEntry? other) =>
        other is not null
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && string.Equals(Url, other.Url, StringComparison.Ordinal)
        && ApprovalRequired == other.ApprovalRequired
        && ApprovalTimeout == other.ApprovalTimeout
        && EnvironmentSpecificConfig.SequenceEqual(other.EnvironmentSpecificConfig, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Name, Url, ApprovalRequired, ApprovalTimeout, EnvironmentSpecificConfig.Count);
}
