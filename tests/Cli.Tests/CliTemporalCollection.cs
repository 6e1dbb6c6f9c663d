namespace Graduate.Cli.Tests;

[CollectionDefinition(Name)]
public sealed class CliTemporalCollection : ICollectionFixture<CliTemporalFixture>
{
    public const string Name = "cli-temporal";
}
