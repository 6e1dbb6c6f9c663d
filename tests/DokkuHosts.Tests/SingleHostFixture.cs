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
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
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
