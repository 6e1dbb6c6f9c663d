using System.Diagnostics;
using Graduate.Dokku.Transport;
using Graduate.Testing;

namespace Graduate.Bench;

/// <summary>
/// What one Dokku command costs over ssh, on its own connection and over a shared one: the same cheap command
/// (<c>version</c>) a number of times in a row each way, on one simulated host.
/// </summary>
internal static class SshRoundTrips
{
    public static async Task<(TimeSpan Direct, TimeSpan Shared)> MedianAsync(SimulatedDokku sim, SimulatedHost host, int count, CancellationToken ct)
    {
        var url = EnvironmentUrl.Parse($"{sim.SshUser}@{host.Alias}");
        var options = new TransportOptions { ExtraSshArguments = ["-F", sim.ClientSshConfigPath] };
        await using var sharing = new SshConnectionSharing();
        var direct = await MedianAsync(new SshTransport(url, options with { ConnectionSharing = null }), count, ct);
        var shared = new SshTransport(url, options with { ConnectionSharing = sharing });
        // The first command starts the master: that one login is not what every later command costs.
        await shared.ExecuteAsync(RemoteCommand.Create("version"), null, ct);
        return (direct, await MedianAsync(shared, count, ct));
    }

    private static async Task<TimeSpan> MedianAsync(SshTransport transport, int count, CancellationToken ct)
    {
        var times = new List<TimeSpan>(count);
        for (var i = 0; i < count; i++)
        {
            var clock = Stopwatch.StartNew();
            (await transport.ExecuteAsync(RemoteCommand.Create("version"), null, ct)).EnsureSuccess();
            times.Add(clock.Elapsed);
        }

        times.Sort();
        return times[times.Count / 2];
    }
}
