using Graduate.Testing;

namespace Graduate.DokkuHosts.Tests;

/// <summary>Hosts staging (v2, schema 2) and production (v1, schema 1) seeded with the seed's example, shared by one test class.</summary>
public sealed class ExampleHostsFixture : IAsyncLifetime
{
    private SimulatedDokku? sim;

    public SimulatedDokku Sim => sim ?? throw new InvalidOperationException("The fixture has not started.");

    public SimulatedHost Staging => Sim["staging"];

    public SimulatedHost Production => Sim["production"];

    public async Task InitializeAsync()
    {
        // Generous: starting and seeding hosts takes seconds alone, and minutes on a machine shared with real Dokku deploys.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        sim = await SimulatedDokku.StartAsync(["staging", "production"], timeout.Token);
        await sim.SeedExampleAsync(timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (sim is not null)
        {
            await sim.DisposeAsync();
        }
    }
}
