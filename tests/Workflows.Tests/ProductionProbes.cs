using Graduate.Testing;

namespace Graduate.Workflows.Tests;

/// <summary>Polls each app's public URL on a host every <c>interval</c> for the length of a test.</summary>
internal sealed class ProductionProbes : IAsyncDisposable
{
    private ProductionProbes(IReadOnlyList<PublicUrlProbe> probes) => All = probes;

    public IReadOnlyList<PublicUrlProbe> All { get; }

    public static ProductionProbes Start(SimulatedHost host, IEnumerable<string> apps, TimeSpan interval) =>
        new([.. apps.Select(app => PublicUrlProbe.Start(host.PublicUrl(app), interval))]);

    /// <summary>Stops every probe once each has one more answer in.</summary>
    public async Task StopAsync(CancellationToken ct)
    {
        foreach (var probe in All)
        {
            await probe.StopAsync(ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var probe in All)
        {
            await probe.DisposeAsync();
        }
    }
}
