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
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
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
