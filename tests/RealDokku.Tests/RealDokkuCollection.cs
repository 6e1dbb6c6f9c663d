namespace Graduate.RealDokku.Tests;

/// <summary>All real-Dokku tests share one lab and one simulated staging host.</summary>
[CollectionDefinition(Name)]
public sealed class RealDokkuCollection : ICollectionFixture<RealDokkuFixture>
{
    public const string Name = "Real Dokku";
}
