using Graduate.Testing;

namespace Graduate.DokkuHosts.Tests;

/// <summary>One host ("env") whose dokku home becomes an environment state repo; its own, so other tests' apps never dirty it.</summary>
public sealed class StateHostFixture : IAsyncLifetime
{
    private SimulatedDokku? sim;

    public SimulatedDokku Sim => sim ?? throw new InvalidOperationException("The fixture has not started.");

    public SimulatedHost Host => Sim["env"];

    public async Task InitializeAsync()
    {
        // Generous: starting and seeding hosts takes seconds alone, and minutes on a machine shared with real Dokku deploys.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        sim = await SimulatedDokku.StartAsync(["env"], timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (sim is not null)
        {
            await sim.DisposeAsync();
        }
    }
}
