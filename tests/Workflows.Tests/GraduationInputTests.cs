using System.Text.Json;
using Graduate.Dokku.Transport;
using Graduate.Testing;

namespace Graduate.Workflows.Tests;

/// <summary>Input no graduation can run with ends failed with a sentence, instead of a workflow task failing forever.</summary>
[Collection(GraduationCollection.Name)]
public sealed class GraduationInputTests(TemporalServerFixture temporal)
{
    [Theory]
    [InlineData("{}", "needs both a source and a destination")]
    [InlineData("""{"source":{"name":"staging","url":"dokku@staging"},"destination":{"name":"staging","url":"dokku@staging"}}""", "both staging")]
    [InlineData("""{"source":{"name":"staging","url":"dokku@staging"},"destination":{"name":"production","url":"dokku@production"},"gateTimeoutSeconds":0}""", "must be positive")]
    public async Task Graduation_InputThatCannotWork_FailedSayingWhy(string json, string expected)
    {
        using var cts = new CancellationTokenSource(GraduationHarness.TestDeadline);
        var queue = "graduate-input-" + Guid.NewGuid().ToString("N")[..8];
        using var worker = GraduateWorkerHost.Build(temporal.Server.Address, queue, new TransportOptions());
        await worker.StartAsync(cts.Token);
        try
        {
            var id = "graduate-input-" + Guid.NewGuid().ToString("N")[..8];
            var (code, _, stderr) = await temporal.Server.RunCliAsync(["workflow", "start", "--type", "Graduation", "-t", queue, "-w", id, "-i", json], cts.Token);
            Assert.True(code == 0, stderr);
            var (resultCode, stdout, resultErr) = await temporal.Server.RunCliAsync(["workflow", "result", "-w", id, "-o", "json"], cts.Token);

            Assert.True(resultCode == 0, resultErr + stdout);
            using var document = JsonDocument.Parse(stdout);
            var result = document.RootElement.GetProperty("result");
            Assert.Equal("failed", result.GetProperty("outcome").GetString());
            Assert.Contains(expected, result.GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }
}
