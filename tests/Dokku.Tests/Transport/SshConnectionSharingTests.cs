using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using Graduate.Dokku.Tests.Support;
using Graduate.Dokku.Transport;

namespace Graduate.Dokku.Tests.Transport;

/// <summary>
/// Connection sharing against real sshd (the simulated hosts): commands ride one master per host, and a master that is
/// killed, hung, or whose socket or directory is gone never fails a command. Each test has its own
/// <see cref="SshConnectionSharing"/>, so its masters and directory are its own.
/// </summary>
[Collection(SimulatedHostsCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class SshConnectionSharingTests(SimulatedHosts hosts)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(20);

    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task ExecuteAsync_SecondCommand_RunsOverTheFirstOnesMaster()
    {
        await using var sharing = new SshConnectionSharing();
        var transport = Beta(sharing);

        await RunAsync(transport);
        var socket = Assert.Single(sharing.Sockets);
        var first = await MasterPidAsync(socket);
        await RunAsync(transport);
        var second = await MasterPidAsync(socket);

        Assert.NotNull(first);
        Assert.Equal(first, second);
        Assert.Single(sharing.Sockets);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(sharing.Directory!));
        Assert.True(socket.Length <= SshConnectionSharing.MaxSocketPathLength - 17, socket);
    }

    [Fact]
    public async Task Master_StartedByACommand_HoldsNoneOfItsCallersPipes()
    {
        await using var sharing = new SshConnectionSharing();

        var result = await RunAsync(Beta(sharing));
        var master = await MasterPidAsync(Assert.Single(sharing.Sockets));

        // The master outlives the command: had it kept the command's stdout or stderr, a caller reading them to the end
        // (ProcessRunner does) would wait for it.
        Assert.Contains("dokku version", result.StandardOutput, StringComparison.Ordinal);
        Assert.NotNull(master);
        foreach (var fd in new[] { 0, 1, 2 })
        {
            Assert.Equal("/dev/null", new FileInfo($"/proc/{master}/fd/{fd}").LinkTarget);
        }
    }

    [Fact]
    public async Task ExecuteAsync_MasterKilled_ConnectsAgainWithANewMaster()
    {
        await using var sharing = new SshConnectionSharing();
        var transport = Beta(sharing);
        await RunAsync(transport);
        var socket = Assert.Single(sharing.Sockets);
        var killed = (await MasterPidAsync(socket))!.Value;

        Process.GetProcessById(killed).Kill();
        await Eventually.TrueAsync(() => !FakeHost.IsAlive(killed), Within, "the master did not die", None);
        await RunAsync(transport);

        var replacement = await MasterPidAsync(socket);
        Assert.NotNull(replacement);
        Assert.NotEqual(killed, replacement);
    }

    [Fact]
    public async Task ExecuteAsync_SocketDirectoryDeleted_RunsAndSharesFromANewDirectory()
    {
        await using var sharing = new SshConnectionSharing();
        var transport = Beta(sharing);
        await RunAsync(transport);
        var oldDirectory = sharing.Directory!;
        var orphan = (await MasterPidAsync(Assert.Single(sharing.Sockets)))!.Value;
        try
        {
            Directory.Delete(oldDirectory, recursive: true);

            await RunAsync(transport);

            Assert.NotEqual(oldDirectory, sharing.Directory);
            var socket = Assert.Single(sharing.Sockets, s => s.StartsWith(sharing.Directory!, StringComparison.Ordinal));
            Assert.NotNull(await MasterPidAsync(socket));
        }
        finally
        {
            Stop(orphan);
        }
    }

    [Fact]
    public async Task ExecuteAsync_SocketReplacedByAPlainFile_RunsAndStartsANewMaster()
    {
        await using var sharing = new SshConnectionSharing();
        var transport = Beta(sharing);
        await RunAsync(transport);
        var socket = Assert.Single(sharing.Sockets);
        var orphan = (await MasterPidAsync(socket))!.Value;
        try
        {
            File.Delete(socket);
            await File.WriteAllTextAsync(socket, "not a socket");

            await RunAsync(transport);

            var master = await MasterPidAsync(socket);
            Assert.NotNull(master);
            Assert.NotEqual(orphan, master);
        }
        finally
        {
            Stop(orphan);
        }
    }

    [Fact]
    public async Task ExecuteAsync_MasterStopped_RunsOnItsOwnAndReplacesIt()
    {
        await using var sharing = new SshConnectionSharing();
        var transport = Beta(sharing);
        await RunAsync(transport);
        var socket = Assert.Single(sharing.Sockets);
        var stopped = (await MasterPidAsync(socket))!.Value;
        await SignalAsync("STOP", stopped);
        try
        {
            // Without the probe, ssh would wait for the stopped master's greeting until the command's timeout.
            await RunAsync(transport);

            var replacement = await MasterPidAsync(socket);
            Assert.NotNull(replacement);
            Assert.NotEqual(stopped, replacement);
        }
        finally
        {
            await SignalAsync("CONT", stopped);
            Stop(stopped);
        }
    }

    [Fact]
    public async Task ExecuteAsync_ManyCommandsAtOnce_AllSucceedWithoutSshNotesInTheirOutput()
    {
        await using var sharing = new SshConnectionSharing();
        var transport = Beta(sharing);

        // The first few race to become the master: the losers run on their own, and ssh says so on stderr.
        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => RunAsync(transport)));

        Assert.All(results, r => Assert.Equal("", r.StandardError));
        Assert.NotNull(await MasterPidAsync(Assert.Single(sharing.Sockets)));
    }

    [Fact]
    public async Task CloseAllAsync_AfterCommandsToTwoHosts_EndsBothMastersAndRemovesTheDirectory()
    {
        var sharing = new SshConnectionSharing();
        await RunAsync(Beta(sharing));
        await RunAsync(Transport(sharing, hosts.Alpha.Alias));
        var masters = new List<int>();
        foreach (var socket in sharing.Sockets)
        {
            masters.Add((await MasterPidAsync(socket))!.Value);
        }

        var directory = sharing.Directory!;

        await sharing.CloseAllAsync(None);

        Assert.Equal(2, masters.Count);
        await Eventually.TrueAsync(() => masters.All(p => !FakeHost.IsAlive(p)), Within, "a master survived CloseAllAsync", None);
        Assert.False(Directory.Exists(directory));
        Assert.Empty(sharing.Sockets);
        Assert.Null(sharing.Directory);
    }

    private SshTransport Beta(SshConnectionSharing sharing) => Transport(sharing, hosts.Beta.Alias);

    private SshTransport Transport(SshConnectionSharing sharing, string alias) =>
        new(
            EnvironmentUrl.Parse($"{hosts.SshUser}@{alias}"),
            new TransportOptions { ExtraSshArguments = ["-F", hosts.ClientSshConfigPath], ConnectionSharing = sharing, CommandTimeout = TimeSpan.FromSeconds(60) });

    private static async Task<CommandResult> RunAsync(SshTransport transport)
    {
        var result = await transport.ExecuteAsync(RemoteCommand.Create("version"), null, None);
        Assert.True(result.Succeeded, result.StandardError);
        return result;
    }

    /// <summary>The pid of the master listening on <paramref name="socket"/> (<c>ssh -O check</c>), or null when none answers.</summary>
    private static async Task<int?> MasterPidAsync(string socket)
    {
        var (code, output) = await ToolAsync("ssh", "-F", "/dev/null", "-o", "ControlPath=" + socket, "-O", "check", "master");
        var marker = output.IndexOf("pid=", StringComparison.Ordinal);
        if (code != 0 || marker < 0)
        {
            return null;
        }

        var digits = new string([.. output[(marker + 4)..].TakeWhile(char.IsAsciiDigit)]);
        return int.Parse(digits, CultureInfo.InvariantCulture);
    }

    private static async Task SignalAsync(string signal, int pid) =>
        Assert.Equal(0, (await ToolAsync("kill", "-" + signal, pid.ToString(CultureInfo.InvariantCulture))).Code);

    private static void Stop(int pid)
    {
        try
        {
            Process.GetProcessById(pid).Kill();
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static async Task<(int Code, string Output)> ToolAsync(string file, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync(None);
        var stderr = process.StandardError.ReadToEndAsync(None);
        await process.WaitForExitAsync(None);
        return (process.ExitCode, await stdout + await stderr);
    }
}
