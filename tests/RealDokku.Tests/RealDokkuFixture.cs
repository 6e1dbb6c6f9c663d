using Graduate.Testing;

namespace Graduate.RealDokku.Tests;

/// <summary>
/// The real Dokku lab (as <c>production</c>, example apps created) and a simulated <c>staging</c> host
/// with the example at v2 that can push to it (<see cref="RealDokkuLab.LinkAsync"/>): what a
/// graduation from a simulated staging to the real Dokku needs.
/// </summary>
public sealed class RealDokkuFixture : IAsyncLifetime
{
    private RealDokkuLab? lab;
    private SimulatedDokku? sim;
    private RealGraduations? graduations;

    public RealDokkuLab Lab => lab ?? throw new InvalidOperationException("The fixture has not started.");

    public SimulatedDokku Sim => sim ?? throw new InvalidOperationException("The fixture has not started.");

    public SimulatedHost Staging => Sim["staging"];

    /// <summary>The Temporal dev server and worker of the graduation scenarios, started by the first one (the gate tests need neither).</summary>
    public async Task<RealGraduations> GraduationsAsync(CancellationToken ct) =>
        graduations ??= await RealGraduations.StartAsync(Lab, Sim, Staging, ct);

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(LabDriver.DeployDeadline * 2);
        lab = await RealDokkuLab.StartAsync(timeout.Token);
        sim = await SimulatedDokku.StartAsync(["staging"], timeout.Token);
        await sim.SeedExampleHostAsync("staging", "v2", timeout.Token);
        await lab.LinkAsync(sim, Staging, timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (graduations is not null)
        {
            await graduations.DisposeAsync();
        }

        if (sim is not null)
        {
            await sim.DisposeAsync();
        }

        if (lab is not null)
        {
            await lab.DisposeAsync();
        }
    }
}
