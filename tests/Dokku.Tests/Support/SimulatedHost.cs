namespace Graduate.Dokku.Tests.Support;

/// <summary>One simulated host: <see cref="Alias"/> is its Host entry in the client ssh config.</summary>
public sealed record SimulatedHost(string Name, string Alias, int SshPort, string Root);
