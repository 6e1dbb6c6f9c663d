namespace Graduate.Cli.Tests;

/// <summary>What one in-process run of <c>graduate</c> returned and printed.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error);
