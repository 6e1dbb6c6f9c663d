using System.Net;
using System.Net.Sockets;
using Graduate.Dokku.Exceptions;
using Graduate.Dokku.Tests.Support;
using Graduate.Dokku.Transport;

namespace Graduate.Dokku.Tests.Transport;

public class SshTransportTests
{
    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public void BuildArguments_Defaults_HardenedOptionsThenSharedConnectionThenDestinationThenCommand()
    {
        var transport = new SshTransport(EnvironmentUrl.Parse("ssh://dokku@staging:2222"));

        var args = transport.BuildArguments(RemoteCommand.Create("apps:list", "--format", "json"));

        var controlPath = Assert.Single(args, a => a.StartsWith("ControlPath=", StringComparison.Ordinal));
        Assert.Equal(SshConnectionSharing.Shared.Directory, Path.GetDirectoryName(controlPath["ControlPath=".Length..]));
        Assert.Equal(
            [
                "-T",
                "-o", "BatchMode=yes",
                "-o", "ConnectTimeout=10",
                "-o", "ServerAliveInterval=15",
                "-o", "ServerAliveCountMax=3",
                "-o", "StrictHostKeyChecking=yes",
                "-o", "ControlMaster=auto",
                "-o", controlPath,
                "-o", "ControlPersist=60",
                "-p", "2222",
                "-l", "dokku",
                "--", "staging",
                "apps:list --format json",
            ],
            args);
    }

    [Fact]
    public void BuildArguments_SharingOff_NoControlOptions()
    {
        var transport = new SshTransport(EnvironmentUrl.Parse("dokku@staging"), new TransportOptions { ConnectionSharing = null });

        var args = transport.BuildArguments(RemoteCommand.Create("apps:list"));

        Assert.DoesNotContain(args, a => a.StartsWith("Control", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("-S", "/tmp/mine")]
    [InlineData("-S/tmp/mine", null)]
    [InlineData("-o", "ControlPath=/tmp/mine")]
    [InlineData("-oControlMaster=no", null)]
    [InlineData("-o", "controlmaster no")]
    public async Task BuildArguments_ExtraArgumentsChooseTheirOwnSocket_OnlyTheirsApply(string first, string? second)
    {
        await using var sharing = new SshConnectionSharing();
        var transport = new SshTransport(
            EnvironmentUrl.Parse("dokku@staging"),
            new TransportOptions { ConnectionSharing = sharing, ExtraSshArguments = second is null ? [first] : [first, second] });

        var args = transport.BuildArguments(RemoteCommand.Create("apps:list"));

        Assert.DoesNotContain("ControlMaster=auto", args);
        Assert.Null(sharing.Directory);
    }

    [Fact]
    public async Task BuildArguments_SameConnection_SameSocket_OtherConfigOrHostKeyPolicyOrUser_OtherSocket()
    {
        await using var sharing = new SshConnectionSharing();
        string Socket(string url, TransportOptions options) =>
            new SshTransport(EnvironmentUrl.Parse(url), options with { ConnectionSharing = sharing })
                .BuildArguments(RemoteCommand.Create("apps:list")).Single(a => a.StartsWith("ControlPath=", StringComparison.Ordinal));
        var plain = new TransportOptions { ExtraSshArguments = ["-F", "/tmp/a"] };

        var first = Socket("dokku@h", plain);

        Assert.Equal(first, Socket("dokku@h", plain));
        Assert.Equal(first, new SshTransport(EnvironmentUrl.Parse("dokku@h"), plain with { ConnectionSharing = sharing }).BuildArguments(RemoteCommand.Create("apps:report")).Single(a => a.StartsWith("ControlPath=", StringComparison.Ordinal)));
        Assert.NotEqual(first, Socket("dokku@h", plain with { ExtraSshArguments = ["-F", "/tmp/b"] }));
        Assert.NotEqual(first, Socket("dokku@h", plain with { AcceptNewHostKey = true }));
        Assert.NotEqual(first, Socket("other@h", plain));
        Assert.NotEqual(first, Socket("ssh://dokku@h:2222", plain));
        Assert.True(first.Length - "ControlPath=".Length + 17 <= SshConnectionSharing.MaxSocketPathLength, first);
    }

    [Fact]
    public async Task ExecuteAsync_SshNotesAboutSharing_LeftOutOfTheResultAndTheOutputCallback()
    {
        await using var sharing = new SshConnectionSharing();
        var transport = FakeSsh(out var fake, """
            echo 'mux_client_request_session: session request failed: Session open refused by peer' >&2
            echo 'ControlSocket /tmp/x/abc already exists, disabling multiplexing' >&2
            echo 'listed'
            echo ' !     App portal does not exist' >&2
            exit 20
            """, sharing);
        using var _ = fake;
        var seen = new List<OutputLine>();

        var result = await transport.ExecuteAsync(RemoteCommand.Create("apps:list"), new CommandOptions { OnOutput = seen.Add }, None);

        Assert.Equal(20, result.ExitCode);
        Assert.Equal(" !     App portal does not exist\n", result.StandardError);
        Assert.Equal(["App portal does not exist"], result.ErrorLines);
        // stdout and stderr arrive on two pipes, so only their order within each stream is certain.
        Assert.Equal([" !     App portal does not exist", "listed"], result.Output.Select(l => l.Text).Order(StringComparer.Ordinal));
        Assert.Equal(result.Output, seen);
    }

    [Fact]
    public async Task ExecuteAsync_SshCouldNotCreateTheMastersSocket_RunsTheCommandAgainOnItsOwn()
    {
        await using var sharing = new SshConnectionSharing();
        var transport = FakeSsh(out var fake, """
            if [[ " $* " == *" ControlPath=none "* ]]; then echo direct; exit 0; fi
            echo 'unix_listener: cannot bind to path /tmp/gone/abc.XXXXXXXXXXXXXXXX: No such file or directory' >&2
            exit 255
            """, sharing);
        using var _ = fake;

        var result = await transport.ExecuteAsync(RemoteCommand.Create("apps:list"), null, None);

        Assert.True(result.Succeeded);
        Assert.Equal("direct\n", result.StandardOutput);
        Assert.Equal("", result.StandardError);
    }

    [Fact]
    public void BuildArguments_AcceptNewAndExtraArgs_ExtraArgsPrecedeDestination()
    {
        var options = new TransportOptions
        {
            AcceptNewHostKey = true,
            ConnectTimeout = TimeSpan.FromSeconds(3),
            ExtraSshArguments = ["-F", "/tmp/cfg"],
        };
        var transport = new SshTransport(EnvironmentUrl.Parse("dokku@alias"), options);

        var args = transport.BuildArguments(RemoteCommand.Create("apps:list"));

        Assert.Contains("StrictHostKeyChecking=accept-new", args);
        Assert.Contains("ConnectTimeout=3", args);
        Assert.DoesNotContain("-p", args);
        Assert.True(args.ToList().IndexOf("-F") < args.ToList().IndexOf("--"));
        Assert.Equal(["--", "alias", "apps:list"], args.TakeLast(3));
    }

    [Fact]
    public void Constructor_LocalUrl_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new SshTransport(EnvironmentUrl.Local("/tmp/x")));
    }

    [Fact]
    public async Task ExecuteAsync_ClosedLoopbackPort_ThrowsTransientConnectionFailure()
    {
        var port = ClosedPort();
        var transport = new SshTransport(
            EnvironmentUrl.Ssh("dokku", "127.0.0.1", port),
            new TransportOptions { ExtraSshArguments = ["-F", "/dev/null", "-o", "UserKnownHostsFile=/dev/null"] });

        var error = await Assert.ThrowsAsync<DokkuConnectionException>(() => transport.ExecuteAsync(RemoteCommand.Create("apps:list"), null, None));

        Assert.True(error.IsTransient);
        Assert.Contains("Connection refused", error.Message, StringComparison.Ordinal);
        Assert.Equal($"dokku@127.0.0.1:{port}", error.Target);
        Assert.Equal("apps:list", error.Command);
    }

    [Fact]
    public async Task ExecuteAsync_SshMissing_ThrowsTransportErrorSayingToInstallIt()
    {
        var transport = new SshTransport(EnvironmentUrl.Parse("dokku@host"), new TransportOptions { SshExecutable = "/nonexistent/ssh" });

        var error = await Assert.ThrowsAsync<DokkuTransportException>(() => transport.ExecuteAsync(RemoteCommand.Create("apps:list"), null, None));

        Assert.Contains("/nonexistent/ssh", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_ArgumentsReachSshUnchangedWithoutALocalShell()
    {
        using var fake = FakeHost.WithDokkuSsh("");
        var ssh = fake.WriteScript("ssh", """printf '%s\0' "$@" """);
        var transport = new SshTransport(EnvironmentUrl.Parse("ssh://dokku@h:22"), new TransportOptions { SshExecutable = ssh, ExtraSshArguments = ["-F", "/tmp/a b;$(id)"] });
        var command = RemoteCommand.Create("apps:exists", "portal");

        var result = await transport.ExecuteAsync(command, null, None);

        Assert.Equal(transport.BuildArguments(command), result.StandardOutput.Split('\0')[..^1]);
    }

    [Theory]
    [InlineData("ssh: connect to host 10.0.0.1 port 22: No route to host")]
    [InlineData("ssh: Could not resolve hostname nowhere.invalid: Name or service not known")]
    [InlineData("ssh: connect to host 10.0.0.1 port 22: Connection timed out")]
    [InlineData("Connection closed by 10.0.0.1 port 22")]
    [InlineData("Timeout, server 10.0.0.1 not responding.")]
    [InlineData("")]
    public async Task ExecuteAsync_SshExit255_ThrowsConnectionFailure(string stderr)
    {
        var transport = FakeSsh(out var fake, $"echo '{stderr}' >&2; exit 255");
        using var _ = fake;

        var error = await Assert.ThrowsAsync<DokkuConnectionException>(() => transport.ExecuteAsync(RemoteCommand.Create("apps:list"), null, None));

        Assert.True(error.IsTransient);
        Assert.Equal(stderr + "\n", error.StandardError);
    }

    [Fact]
    public async Task ExecuteAsync_Exit255WithDokkuErrorLine_IsACommandResultNotAConnectionFailure()
    {
        var transport = FakeSsh(out var fake, "echo ' !     something broke' >&2; exit 255");
        using var _ = fake;

        var result = await transport.ExecuteAsync(RemoteCommand.Create("apps:list"), null, None);

        Assert.Equal(255, result.ExitCode);
    }

    [Fact]
    public async Task ExecuteAsync_ChangedHostKey_ThrowsNonTransientHostKeyErrorWithAdvice()
    {
        var transport = FakeSsh(out var fake, """
            cat >&2 <<'MSG'
            @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
            @    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @
            @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
            Offending ED25519 key in /home/u/.ssh/known_hosts:3
            Host key for [h]:2222 has changed and you have requested strict checking.
            Host key verification failed.
            MSG
            exit 255
            """);
        using var _ = fake;

        var error = await Assert.ThrowsAsync<DokkuHostKeyException>(() => transport.ExecuteAsync(RemoteCommand.Create("apps:list"), null, None));

        Assert.Equal(HostKeyProblem.Changed, error.Problem);
        Assert.False(error.IsTransient);
        Assert.Contains("ssh-keygen -R [h]:2222", error.Message, StringComparison.Ordinal);
        Assert.Contains("known_hosts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_UnknownHostKey_ThrowsHostKeyErrorNotConnectionFailure()
    {
        var transport = FakeSsh(out var fake, """
            echo 'No ED25519 host key is known for [h]:2222 and you have requested strict checking.' >&2
            echo 'Host key verification failed.' >&2
            exit 255
            """);
        using var _ = fake;

        var error = await Assert.ThrowsAsync<DokkuHostKeyException>(() => transport.ExecuteAsync(RemoteCommand.Create("apps:list"), null, None));

        Assert.Equal(HostKeyProblem.Unknown, error.Problem);
    }

    [Fact]
    public async Task ExecuteAsync_KeyRefused_ThrowsNonTransientAuthenticationError()
    {
        var transport = FakeSsh(out var fake, "echo 'dokku@h: Permission denied (publickey).' >&2; exit 255");
        using var _ = fake;

        var error = await Assert.ThrowsAsync<DokkuAuthenticationException>(() => transport.ExecuteAsync(RemoteCommand.Create("apps:list"), null, None));

        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task ExecuteAsync_Timeout_KillsSshAndItsChildren()
    {
        var transport = FakeSsh(out var fake, """
            sleep 300 &
            echo $! > "$(dirname "$0")/child.pid"
            wait
            """);
        using var _ = fake;

        await Assert.ThrowsAsync<DokkuTimeoutException>(() => transport.ExecuteAsync(RemoteCommand.Create("apps:list"), new CommandOptions { Timeout = TimeSpan.FromSeconds(2) }, None));

        var child = await fake.ReadPidAsync("child.pid", None);
        await Eventually.TrueAsync(() => !FakeHost.IsAlive(child), TimeSpan.FromSeconds(10), "ssh's child survived the timeout", None);
    }

    private static SshTransport FakeSsh(out FakeHost fake, string body, SshConnectionSharing? sharing = null)
    {
        fake = FakeHost.WithDokkuSsh("");
        var ssh = fake.WriteScript("ssh", body);
        return new SshTransport(EnvironmentUrl.Parse("ssh://dokku@h:2222"), new TransportOptions { SshExecutable = ssh, ConnectionSharing = sharing });
    }

    private static int ClosedPort()
    {
        // Bind then release: nothing listens there for the short life of the test.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
