using Graduate.Dokku.Exceptions;
using Graduate.Dokku.Tests.Support;
using Graduate.Dokku.Transport;

namespace Graduate.Dokku.Tests.Transport;

public class TransportExtensionsTests
{
    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task StreamAsync_SuccessfulCommand_YieldsEveryLine()
    {
        using var host = FakeHost.WithDokkuSsh("echo one; echo two >&2; cat");
        var transport = new LocalTransport(EnvironmentUrl.Local(host.Root));

        var lines = new List<OutputLine>();
        await foreach (var line in transport.StreamAsync(RemoteCommand.Create("x"), "three\n", None))
        {
            lines.Add(line);
        }

        Assert.Equal(3, lines.Count);
        Assert.Contains(new OutputLine(OutputStream.StandardError, "two"), lines);
        Assert.Contains(new OutputLine(OutputStream.StandardOutput, "three"), lines);
    }

    [Fact]
    public async Task StreamAsync_FailedCommand_ThrowsAfterTheLines()
    {
        using var host = FakeHost.WithDokkuSsh("echo progress; echo ' !     it broke' >&2; exit 4");
        var transport = new LocalTransport(EnvironmentUrl.Local(host.Root));
        var lines = new List<string>();

        var error = await Assert.ThrowsAsync<DokkuCommandException>(async () =>
        {
            await foreach (var line in transport.StreamAsync(RemoteCommand.Create("x"), null, None))
            {
                lines.Add(line.Text);
            }
        });

        Assert.Equal(4, error.ExitCode);
        Assert.Equal("it broke", error.ErrorMessage);
        Assert.Contains("progress", lines);
    }

    [Fact]
    public async Task StreamAsync_ConsumerStopsEarly_KillsTheCommand()
    {
        using var host = FakeHost.WithDokkuSsh("""
            sleep 300 &
            echo $! > "$PWD/child.pid"
            echo started
            wait
            """);
        var transport = new LocalTransport(EnvironmentUrl.Local(host.Root));

        await foreach (var line in transport.StreamAsync(RemoteCommand.Create("x"), null, None))
        {
            if (line.Text == "started")
            {
                break;
            }
        }

        var child = await host.ReadPidAsync("child.pid", None);
        await Eventually.TrueAsync(() => !FakeHost.IsAlive(child), TimeSpan.FromSeconds(10), "the command survived the consumer leaving", None);
    }
}
