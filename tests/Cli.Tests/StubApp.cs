namespace Graduate.Cli.Tests;

/// <summary>One app in <see cref="StubStatus"/>.</summary>
public sealed record StubApp(string Name, string State);
