namespace Graduate.Dokku.Tests.Support;

/// <summary>One set of hosts for all integration tests; they run one at a time and use unique app names.</summary>
[CollectionDefinition(Name)]
public sealed class SimulatedHostsCollection : ICollectionFixture<SimulatedHosts>
{
    public const string Name = "Simulated Dokku hosts";
}
