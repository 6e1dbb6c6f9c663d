using System.Net;
using System.Net.Sockets;
using Graduate.Demo;
using Graduate.Testing;

namespace Graduate.Cli.Tests;

/// <summary>
/// With no Temporal address chosen and nothing answering on localhost:7233, every command starts (or reuses) the
/// embedded dev server and says so in one line; a chosen address never starts anything.
/// </summary>
public sealed class EmbeddedTemporalDefaultTests
{
    [Fact]
    public async Task TemporalCommand_NoAddressChosenAndNothingOnDefault_StartsThenReusesEmbeddedServer()
    {
        Assert.False(Listening(7233), "something listens on localhost:7233, so this test cannot see the embedded fallback");
        using var home = new GraduateHome();
        var data = Path.Combine(home.Directory, "data");
        home.Set("XDG_DATA_HOME", data).Set("TEMPORAL_CLI", TemporalDevServer.FindCli());
        try
        {
            var first = await home.RunAsync("list");
            var second = await home.RunAsync("list", "--json");

            Assert.Equal(ExitCodes.Succeeded, first.ExitCode);
            Assert.Contains("Temporal: started an embedded dev server", first.Error, StringComparison.Ordinal);
            Assert.Single(first.Error.Trim().Split('\n'));
            Assert.Contains("No graduations yet", first.Out, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.Succeeded, second.ExitCode);
            Assert.Contains("Temporal: reusing the embedded dev server", second.Error, StringComparison.Ordinal);
            Assert.Equal("[]", second.Out.Trim());
        }
        finally
        {
            await EmbeddedTemporal.StopAsync(Path.Combine(data, "graduate"));
        }
    }

    [Fact]
    public async Task TemporalCommand_AddressChosen_NeverStartsAnything()
    {
        using var home = new GraduateHome();
        var data = Path.Combine(home.Directory, "data");
        home.Set("XDG_DATA_HOME", data).Set("TEMPORAL_CLI", TemporalDevServer.FindCli())
            .Set("TEMPORAL_ADDRESS", "127.0.0.1:" + Graduate.Worker.LoopbackPorts.Free());

        var result = await home.RunAsync("list");

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.DoesNotContain("embedded", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(EmbeddedTemporal.StateFile(Path.Combine(data, "graduate"))));
    }

    private static bool Listening(int port)
    {
        try
        {
            using var socket = new TcpClient();
            socket.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
