namespace Graduate.Cli.Configuration;

/// <summary>One environment: its name and its Dokku host URL, as written in graduate.yml.</summary>
public sealed record EnvironmentEntry(string Name, string Url);
