namespace Graduate.Workflows.Tests;

[CollectionDefinition(Name)]
public sealed class GraduationCollection : ICollectionFixture<TemporalServerFixture>
{
    public const string Name = "graduation";
}
