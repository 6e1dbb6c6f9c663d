using Graduate.Temporal.Client;
using Graduate.Temporal.Grpc;
using Graduate.Testing;

namespace Graduate.Workflows.Tests;

/// <summary>One Temporal dev server for every graduation test; each test brings its own hosts and worker.</summary>
public sealed class TemporalServerFixture : IAsyncLifetime
{
    public TemporalDevServer Server { get; private set; } = null!;

    public TemporalClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await TemporalDevServer.StartAsync();
        Client = await TemporalClient.ConnectAsync(new TemporalClientOptions { Connection = new GrpcConnectionOptions { Address = Server.Address } });
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}
