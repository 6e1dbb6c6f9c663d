using Graduate.Dokku.Exceptions;
using Graduate.Dokku.Tests.Support;
using Graduate.Dokku.Transport;

namespace Graduate.Dokku.Tests.Transport;

public class LocalTransportTests
{
    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task ExecuteAsync_AnyCommand_SetsSshOriginalCommandToTheSshCommandLine()
    {
        using var host = FakeHost.WithDokkuSsh("""printf '%s' "$SSH_ORIGINAL_COMMAND" """);
        var transport = new LocalTransport(EnvironmentUrl.Local(host.Root));
        var command = RemoteCommand.Create("apps:report", "portal", "--format", "json");

        var result = await transport.ExecuteAsync(command, null, None);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(command.CommandLine, result.StandardOutput.TrimEnd('\n'));
        Assert.Equal(new SshTransport(EnvironmentUrl.Parse("dokku@h")).BuildArguments(command)[^1], result.StandardOutput.TrimEnd('\n'));
    }

    [Fact]
    public async Task ExecuteAsync_NonZeroExit_IsReturnedNotThrown()
    {
        using var host = FakeHost.WithDokkuSsh("echo ' !     App portal does not exist' >&2; exit 20");
        var transport = new LocalTransport(EnvironmentUrl.Local(host.Root));

        var result = await transport.ExecuteAsync(RemoteCommand.Create("apps:exists", "portal"), null, None);

        Assert.Equal(20, result.ExitCode);
        Assert.Equal(["App portal does not exist"], result.ErrorLines);
    }

    [Fact]
    public async Task ExecuteAsync_Exit255_IsARemoteExitCodeNotAConnectionFailure()
    {
        // Only ssh's 255 means "could not connect"; a local host has no connection to lose.
        using var host = FakeHost.WithDokkuSsh("exit 255");
        var transport = new LocalTransport(EnvironmentUrl.Local(host.Root));

        var result = await transport.ExecuteAsync(RemoteCommand.Create("apps:list"), null, None);

        Assert.Equal(255, result.ExitCode);
    }

    [Fact]
    public async Task ExecuteAsync_StandardInput_ReachesCommandVerbatim()
    {
        using var host = FakeHost.WithDokkuSsh("cat");
        var transport = new LocalTransport(EnvironmentUrl.Local(host.Root));
        const string script = "set -e\necho \"$(id) 'quoted' `tick` ; rm -rf /nothing\"\nünïcode\n";

        var result = await transport.ExecuteAsync(RemoteCommand.Create("graduate:hook", "g1", "post-0"), new CommandOptions { StandardInput = script }, None);

        Assert.Equal(script, result.StandardOutput);
    }

    [Fact]
    public async Task ExecuteAsync_NoStandardInput_StdinIsClosedSoReadersSeeEof()
    {
        using var host = FakeHost.WithDokkuSsh("cat; echo done");
        var transport = new LocalTransport(EnvironmentUrl.Local(host.Root));

        var result = await transport.ExecuteAsync(RemoteCommand.Create("x"), null, None);

        Assert.Equal("done\n", result.StandardOutput);
    }

    [Fact]
    public async Task ExecuteAsync_Output_IsStreamedLineByLineInOrderAndCaptured()
    {
        // The script waits for a file the callback creates after the first line, which
        // proves lines arrive while the command is still running, not only at exit.
        using var host = FakeHost.WithDokkuSsh("""
            echo "-----> one"
            while [ ! -e "$PWD/go" ]; do sleep 0.02; done
            echo " !     two" >&2
            echo "=====> three"
            """);
        var transport = new LocalTransport(EnvironmentUrl.Local(host.Root));
        var seen = new List<OutputLine>();
        var options = new CommandOptions
        {
            OnOutput = line =>
            {
                seen.Add(line);
                if (line.Text == "-----> one")
                {
                    File.WriteAllText(host.PathOf("go"), "");
                }
            },
            Timeout = TimeSpan.FromSeconds(30),
        };

        var result = await transport.ExecuteAsync(RemoteCommand.Create("x"), options, None);

        Assert.Equal(3, seen.Count);
        Assert.Equal(new OutputLine(OutputStream.StandardOutput, "-----> one"), seen[0]);
        Assert.Contains(new OutputLine(OutputStream.StandardError, " !     two"), seen);
        Assert.Equal(seen, result.Output);
        Assert.Equal("-----> one\n=====> three\n", result.StandardOutput);
        Assert.Equal(" !     two\n", result.StandardError);
    }

    [Fact]
    public async Task ExecuteAsync_Timeout_ThrowsAndKillsWholeProcessTree()
    {
        using var host = FakeHost.WithDokkuSsh("""
            sleep 300 &
            echo $! > "$PWD/child.pid"
            wait
            """);
        var transport = new LocalTransport(EnvironmentUrl.Local(host.Root));
        var options = new CommandOptions { Timeout = TimeSpan.FromSeconds(2) };

        var error = await Assert.ThrowsAsync<DokkuTimeoutException>(() => transport.ExecuteAsync(RemoteCommand.Create("x"), options, None));

        Assert.Equal(TimeSpan.FromSeconds(2), error.Timeout);
        var child = await host.ReadPidAsync("child.pid", None);
        await Eventually.TrueAsync(() => !FakeHost.IsAlive(child), TimeSpan.FromSeconds(10), "the grandchild survived the timeout", None);
    }

    [Fact]
    public async Task ExecuteAsync_Cancelled_ThrowsOperationCanceledAndKillsWholeProcessTree()
    {
        using var host = FakeHost.WithDokkuSsh("""
            sleep 300 &
            echo $! > "$PWD/child.pid"
            echo started
            wait
            """);
        var transport = new LocalTransport(EnvironmentUrl.Local(host.Root));
        using var cancel = new CancellationTokenSource();
        var options = new CommandOptions
        {
            OnOutput = line =>
            {
                if (line.Text == "started")
                {
                    cancel.Cancel();
                }
            },
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transport.ExecuteAsync(RemoteCommand.Create("x"), options, cancel.Token));

        var child = await host.ReadPidAsync("child.pid", None);
        await Eventually.TrueAsync(() => !FakeHost.IsAlive(child), TimeSpan.FromSeconds(10), "the grandchild survived cancellation", None);
    }

    [Fact]
    public async Task ExecuteAsync_CallbackThrows_StopsCommandAndRethrows()
    {
        using var host = FakeHost.WithDokkuSsh("""
            sleep 300 &
            echo $! > "$PWD/child.pid"
            echo boom
            wait
            """);
        var transport = new LocalTransport(EnvironmentUrl.Local(host.Root));
        var options = new CommandOptions { OnOutput = _ => throw new InvalidOperationException("callback failed") };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => transport.ExecuteAsync(RemoteCommand.Create("x"), options, None));

        Assert.Equal("callback failed", error.Message);
        var child = await host.ReadPidAsync("child.pid", None);
        await Eventually.TrueAsync(() => !FakeHost.IsAlive(child), TimeSpan.FromSeconds(10), "the grandchild survived", None);
    }

    [Fact]
    public async Task ExecuteAsync_AlreadyCancelled_StartsNothing()
    {
        using var host = FakeHost.WithDokkuSsh("""touch "$PWD/ran" """);
        var transport = new LocalTransport(EnvironmentUrl.Local(host.Root));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transport.ExecuteAsync(RemoteCommand.Create("x"), null, new CancellationToken(true)));

        Assert.False(File.Exists(host.PathOf("ran")));
    }

    [Fact]
    public async Task ExecuteAsync_MissingEntryPoint_ThrowsTransportErrorNamingIt()
    {
        var transport = new LocalTransport(EnvironmentUrl.Local("/nonexistent/graduate-host"));

        var error = await Assert.ThrowsAsync<DokkuTransportException>(() => transport.ExecuteAsync(RemoteCommand.Create("apps:list"), null, None));

        Assert.Contains("/nonexistent/graduate-host/bin/dokku-ssh", error.Message, StringComparison.Ordinal);
    }
}
