using Graduate.Testing;
using Temporalio.Client;

namespace Graduate.Workflows.Tests;

/// <summary>One Temporal dev server for every graduation test; each test brings its own hosts and worker.</summary>
public sealed class TemporalServerFixture : IAsyncLifetime
{
    public TemporalDevServer Server { get; private set; } = null!;

    /// <summary>A client with Graduate's data converter, as the CLI connects.</summary>
    public TemporalClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await TemporalDevServer.StartAsync();
        Client = await TemporalClient.ConnectAsync(new(Server.Address) { DataConverter = GraduateDataConverter.Instance });
    }

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}
