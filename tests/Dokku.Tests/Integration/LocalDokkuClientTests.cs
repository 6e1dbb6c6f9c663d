using Graduate.Dokku.Tests.Support;
using Graduate.Dokku.Transport;

namespace Graduate.Dokku.Tests.Integration;

/// <summary>The client contract over local://, against a host nobody reaches by ssh.</summary>
[Collection(SimulatedHostsCollection.Name)]
public sealed class LocalDokkuClientTests(SimulatedHosts hosts) : DokkuClientContractTests(hosts)
{
    protected override DokkuClient CreateClient() =>
        new(new LocalTransport(EnvironmentUrl.Local(Hosts.Local.Root), new TransportOptions { LocalEnvironment = Hosts.LocalEnvironment }));
}
