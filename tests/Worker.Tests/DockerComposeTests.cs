using YamlDotNet.RepresentationModel;

namespace Graduate.Worker.Tests;

/// <summary>
/// No Docker engine runs here, so the compose file is checked by reading it: the services, their ports,
/// what the worker connects to, and that the worker's image builds the worker project.
/// </summary>
public sealed class DockerComposeTests
{
    private static readonly string Root = Graduate.Testing.Repository.Root;

    [Fact]
    public void Compose_Services_TemporalOnPostgresUiAndWorker()
    {
        var services = Services();

        Assert.Equal(["graduate-worker", "postgresql", "temporal", "temporal-ui"], services.Children.Keys.Select(k => k.ToString()).Order(StringComparer.Ordinal));
        Assert.StartsWith("postgres:", Scalar(services, "postgresql", "image"), StringComparison.Ordinal);
        Assert.Equal("postgres12", Scalar(services, "temporal", "environment", "DB"));
        Assert.Equal("postgresql", Scalar(services, "temporal", "environment", "POSTGRES_SEEDS"));
        Assert.Equal("temporal:7233", Scalar(services, "temporal-ui", "environment", "TEMPORAL_ADDRESS"));
    }

    [Fact]
    public void Compose_Ports_FrontendAndWebUiPublished()
    {
        var services = Services();

        Assert.Contains("7233:7233", Sequence(services, "temporal", "ports"));
        Assert.Contains("8080:8080", Sequence(services, "temporal-ui", "ports"));
        Assert.False(((YamlMappingNode)services.Children["graduate-worker"]).Children.ContainsKey("ports"), "the worker only polls; it listens on nothing");
    }

    [Fact]
    public void Compose_Worker_ConnectsToTemporalOnTheGraduateQueueWithSshKeys()
    {
        var services = Services();

        Assert.Equal("temporal:7233", Scalar(services, "graduate-worker", "environment", "TEMPORAL_ADDRESS"));
        Assert.Equal("default", Scalar(services, "graduate-worker", "environment", "TEMPORAL_NAMESPACE"));
        Assert.Equal("graduate", Scalar(services, "graduate-worker", "environment", "GRADUATE_TASK_QUEUE"));
        Assert.Equal("service_healthy", Scalar(services, "graduate-worker", "depends_on", "temporal", "condition"));
        Assert.Contains(Sequence(services, "graduate-worker", "volumes"), v => v.EndsWith("/.ssh:ro", StringComparison.Ordinal));
        var dockerfile = Scalar(services, "graduate-worker", "build", "dockerfile");
        var text = File.ReadAllText(Path.Combine(Root, dockerfile));
        Assert.Contains("src/Worker/Graduate.Worker.csproj", text, StringComparison.Ordinal);
        Assert.Contains("-r linux-x64", text, StringComparison.Ordinal); // one native Temporal bridge, not eight
        Assert.Contains("openssh-client", text, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Root, "src/Worker/Graduate.Worker.csproj")));
    }

    private static YamlMappingNode Services()
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Root, "docker-compose.temporal.yml"));
        yaml.Load(reader);
        return (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode).Children["services"];
    }

    private static string Scalar(YamlNode node, params string[] path) =>
        ((YamlScalarNode)path.Aggregate(node, (n, key) => ((YamlMappingNode)n).Children[key])).Value!;

    private static List<string> Sequence(YamlNode node, params string[] path) =>
        ((YamlSequenceNode)path.Aggregate(node, (n, key) => ((YamlMappingNode)n).Children[key])).Children
            .Select(c => ((YamlScalarNode)c).Value!).ToList();
}
