using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Graduate.Dokku.Transport;

/// <summary>
/// OpenSSH connection sharing for <see cref="SshTransport"/>: the first command to a host starts a master connection
/// (<c>ControlMaster=auto</c>) that stays up <see cref="Persist"/> after its last session (<c>ControlPersist</c>), and
/// every later command to that host runs as a session over it, without a new TCP connection, key exchange and login.
/// <para>
/// Sockets live in a private directory this process creates (mode 0700, a fresh unpredictable name under the temp
/// directory), named by a short hash of everything that decides how ssh connects (executable, options, user, port,
/// host), so a command run with another config, known_hosts or host-key policy never rides a connection that was
/// authenticated under different rules, and the path stays far below the 104-byte limit of a unix socket.
/// Only the <c>Control*</c> options are set on the command line, so the user's ~/.ssh/config (User, IdentityFile,
/// ProxyJump, ...) still applies; they override a ControlMaster/ControlPath of that config, on purpose: a master that
/// the user's own ssh opened may have been authenticated with other host-key rules. Transport options that name a
/// control socket themselves (<c>-S</c>, <c>-o ControlPath=...</c>) turn this off for that transport.
/// </para>
/// <para>
/// A dead master (its socket refuses) is replaced by ssh itself; a master that accepts but does not answer within
/// <see cref="DokkuDefaults.ControlMasterProbeTimeout"/> (hung, stopped) has its socket removed before the command, so
/// ssh connects directly and starts a new one; a deleted socket directory is created anew. <see cref="CloseAllAsync"/>
/// ends every master this instance started and removes its directories: a worker calls it on shutdown, and
/// <see cref="Shared"/> also does it when the process exits.
/// </para>
/// </summary>
public sealed class SshConnectionSharing : IAsyncDisposable
{
    /// <summary>Longest socket path ssh can bind: 104 bytes of sun_path on macOS and the BSDs (108 on Linux) less the NUL.</summary>
    internal const int MaxSocketPathLength = 103;

    /// <summary>ssh first binds "&lt;ControlPath&gt;.&lt;16 random chars&gt;" and renames it, so that suffix must fit too.</summary>
    private const int TemporarySuffixLength = 17;

    private const int SocketNameLength = 16;
    private const string DirectoryPrefix = "graduate-ssh-";

    private readonly Lock gate = new();
    private readonly List<string> directories = [];
    private readonly ConcurrentDictionary<string, string> sockets = new(StringComparer.Ordinal);
    private string? directory;

    /// <summary>Sharing with the default <see cref="DokkuDefaults.ControlPersist"/>.</summary>
    public SshConnectionSharing()
        : this(DokkuDefaults.ControlPersist)
    {
    }

    public SshConnectionSharing(TimeSpan persist)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(persist, TimeSpan.FromSeconds(1));
        Persist = persist;
    }

    /// <summary>
    /// The process-wide instance every <see cref="TransportOptions"/> uses unless told otherwise; its masters are also
    /// closed when the process exits, so a one-shot command leaves nothing behind.
    /// </summary>
    public static SshConnectionSharing Shared { get; } = CreateShared();

    /// <summary>How long a master stays up after its last session ended (ssh's <c>ControlPersist</c>).</summary>
    public TimeSpan Persist { get; }

    /// <summary>The directory the sockets are in now, or null before the first command.</summary>
    public string? Directory
    {
        get
        {
            lock (gate)
            {
                return directory;
            }
        }
    }

    /// <summary>The socket of every connection this instance handed to ssh (the file exists while its master runs).</summary>
    public IReadOnlyCollection<string> Sockets => [.. sockets.Keys];

    /// <summary>Whether the platform's ssh can share connections (OpenSSH for Windows cannot).</summary>
    public static bool IsSupported => !OperatingSystem.IsWindows();

    /// <summary>
    /// Ends every master this instance started (<c>ssh -O exit</c>; sessions still running on them end too) and removes
    /// its socket directories. Later commands start afresh.
    /// </summary>
    public async Task CloseAllAsync(CancellationToken cancellationToken)
    {
        List<KeyValuePair<string, string>> closing;
        List<string> removing;
        lock (gate)
        {
            closing = [.. sockets];
            sockets.Clear();
            removing = [.. directories];
            directories.Clear();
            directory = null;
        }

        await Task.WhenAll(closing.Select(socket => ExitMasterAsync(socket.Key, socket.Value, cancellationToken))).ConfigureAwait(false);
        foreach (var path in removing)
        {
            try
            {
                System.IO.Directory.Delete(path, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
            }
            catch (IOException)
            {
                // A master that did not exit yet still holds its socket there; it removes it itself when it does.
            }
        }
    }

    public async ValueTask DisposeAsync() => await CloseAllAsync(CancellationToken.None).ConfigureAwait(false);

    /// <summary>Whether <paramref name="extraArguments"/> already choose a control socket (then the user's choice stands).</summary>
    internal static bool NamesItsOwnSocket(IReadOnlyList<string> extraArguments)
    {
        for (var i = 0; i < extraArguments.Count; i++)
        {
            var argument = extraArguments[i];
            if (argument.StartsWith("-S", StringComparison.Ordinal))
            {
                return true;
            }

            var option = argument == "-o" && i + 1 < extraArguments.Count ? extraArguments[i + 1]
                : argument.StartsWith("-o", StringComparison.Ordinal) ? argument[2..]
                : null;
            if (option is not null && option.TrimStart().StartsWith("Control", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The <c>-o</c> options that make ssh share the connection described by <paramref name="connection"/> (the ssh
    /// executable and every argument before the remote command). Creates the socket directory when there is none.
    /// </summary>
    internal IReadOnlyList<string> OptionsFor(IReadOnlyList<string> connection)
    {
        var socket = SocketFor(connection);
        return
        [
            "-o", "ControlMaster=auto",
            "-o", "ControlPath=" + socket,
            "-o", "ControlPersist=" + Math.Max(1, (int)Math.Ceiling(Persist.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
        ];
    }

    /// <summary>The options that make one command connect on its own, past any master.</summary>
    internal static IReadOnlyList<string> DirectOptions { get; } = ["-o", "ControlMaster=no", "-o", "ControlPath=none"];

    /// <summary>
    /// Readies the socket of <paramref name="connection"/> for a command: a master that accepts but does not greet within
    /// <see cref="DokkuDefaults.ControlMasterProbeTimeout"/> is hung (stopped, wedged), so its socket is removed and ssh
    /// connects directly and starts a new master; a live master, a dead one (ssh replaces it) or none is left to ssh.
    /// </summary>
    internal async Task PrepareAsync(IReadOnlyList<string> connection, CancellationToken cancellationToken)
    {
        var socket = SocketFor(connection);
        if (!File.Exists(socket))
        {
            return;
        }

        if (await ProbeAsync(socket, DokkuDefaults.ControlMasterProbeTimeout, cancellationToken).ConfigureAwait(false) == MasterState.Hung)
        {
            try
            {
                File.Delete(socket);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>
    /// ssh's own notes about sharing (a master refusing another session, a socket already taken, a stale socket) that
    /// it prints to stderr while it falls back to a direct connection: not the remote command's output.
    /// </summary>
    internal static bool IsSharingNoise(string line) =>
        line.StartsWith("mux_client_", StringComparison.Ordinal)
        || line.StartsWith("muxclient: ", StringComparison.Ordinal)
        || line.StartsWith("ControlSocket ", StringComparison.Ordinal)
        || line.StartsWith("Control socket ", StringComparison.Ordinal)
        || line.StartsWith("unix_listener: ", StringComparison.Ordinal);

    /// <summary>ssh could not create the master's socket (e.g. its directory vanished): it exits 255 before running the command.</summary>
    internal static bool IsSocketSetupFailure(CommandResult result) =>
        result.ExitCode == SshFailureClassifier.SshErrorExitCode
        && result.StandardOutput.Length == 0
        && result.StandardError.Split('\n').Any(l => l.StartsWith("unix_listener: ", StringComparison.Ordinal));

    /// <summary>Asks a master socket for the mux protocol's greeting, which a live master sends as soon as it accepts.</summary>
    internal static async Task<MasterState> ProbeAsync(string socketPath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), deadline.Token).ConfigureAwait(false);
            // The greeting: uint32 length 8, uint32 MUX_MSG_HELLO (1), uint32 protocol version.
            var hello = new byte[12];
            var read = 0;
            while (read < hello.Length)
            {
                var n = await socket.ReceiveAsync(hello.AsMemory(read), SocketFlags.None, deadline.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    return MasterState.Dead;
                }

                read += n;
            }

            return BinaryPrimitives.ReadUInt32BigEndian(hello) == 8 && BinaryPrimitives.ReadUInt32BigEndian(hello.AsSpan(4)) == 1
                ? MasterState.Alive
                : MasterState.Hung;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return MasterState.Hung;
        }
        catch (SocketException)
        {
            // Refused (nobody listens) or gone: ssh removes a stale socket and connects directly by itself.
            return MasterState.Dead;
        }
    }

    private string SocketFor(IReadOnlyList<string> connection)
    {
        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\0', connection))))[..SocketNameLength];
        var path = Path.Combine(EnsureDirectory(), name);
        sockets.TryAdd(path, connection[0]);
        return path;
    }

    /// <summary>The socket directory, created (again, under a new name) when there is none.</summary>
    private string EnsureDirectory()
    {
        lock (gate)
        {
            if (directory is not null && System.IO.Directory.Exists(directory))
            {
                return directory;
            }

            // A fresh name rather than the old one again: a path others have seen could have been taken meanwhile.
            directory = CreatePrivateDirectory();
            directories.Add(directory);
            return directory;
        }
    }

    private static string CreatePrivateDirectory()
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("ssh connection sharing needs unix sockets.");
        }

        // mkdtemp: a new directory only we can enter, under a name nobody can guess beforehand.
        var created = System.IO.Directory.CreateTempSubdirectory(DirectoryPrefix).FullName;
        if (created.Length + 1 + SocketNameLength + TemporarySuffixLength <= MaxSocketPathLength)
        {
            return created;
        }

        // A long TMPDIR (macOS: /var/folders/...) leaves no room for socket names: use /tmp itself.
        System.IO.Directory.Delete(created);
        var path = "/tmp/" + DirectoryPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        if (System.IO.Directory.Exists(path))
        {
            throw new IOException($"{path} already exists.");
        }

        System.IO.Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static async Task ExitMasterAsync(string socket, string ssh, CancellationToken cancellationToken)
    {
        if (!File.Exists(socket))
        {
            return;
        }

        // -F /dev/null: only the socket matters here, not whatever the user's config says about a host.
        var startInfo = new ProcessStartInfo(ssh)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-F", "/dev/null", "-o", "ControlPath=" + socket, "-O", "exit", "graduate-control-master" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(startInfo);
            if (process is null)
            {
                return;
            }

            process.StandardInput.Close();
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(DokkuDefaults.ControlMasterProbeTimeout * 5);
            try
            {
                await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // A hung master does not answer: leave it to its ControlPersist, and its socket to the directory removal.
                process.Kill(entireProcessTree: true);
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No ssh to ask: the masters end on their own after ControlPersist.
        }
    }

    private static SshConnectionSharing CreateShared()
    {
        var shared = new SshConnectionSharing();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => shared.CloseAllAsync(CancellationToken.None).GetAwaiter().GetResult();
        return shared;
    }

    /// <summary>What answers on a master socket.</summary>
    internal enum MasterState
    {
        Alive,
        Dead,
        Hung,
    }
}
