using Graduate.Testing;

namespace Graduate.DokkuHosts.Tests;

/// <summary>One unseeded host ("solo") with the example's source repositories, shared by one test class.</summary>
public sealed class SingleHostFixture : IAsyncLifetime
{
    private SimulatedDokku? sim;

    public SimulatedDokku Sim => sim ?? throw new InvalidOperationException("The fixture has not started.");

    public SimulatedHost Host => Sim["solo"];

    public async Task InitializeAsync()
    {
        // Generous: starting and seeding hosts takes seconds alone, and minutes on a machine shared with real Dokku deploys.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        sim = await SimulatedDokku.StartAsync(["solo"], timeout.Token);
        await sim.CreateSourcesAsync(timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (sim is not null)
        {
            await sim.DisposeAsync();
        }
    }
}
