using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Graduate.Testing;

/// <summary>
/// A real Temporal server (<c>temporal server start-dev</c>, in memory) on free loopback ports, for one test run.
/// The CLI comes from <c>$TEMPORAL_CLI</c>, else <c>temporal</c> on PATH; without either the tests fail with a
/// sentence saying how to get one (they never skip).
/// </summary>
public sealed class TemporalDevServer : IAsyncDisposable
{
    private readonly Process process;

    private TemporalDevServer(Process process, int port, int uiPort, string cli)
    {
        this.process = process;
        Port = port;
        UiPort = uiPort;
        Cli = cli;
    }

    /// <summary>The frontend's host:port.</summary>
    public string Address => $"127.0.0.1:{Port}";

    /// <summary>The frontend's gRPC port.</summary>
    public int Port { get; }

    /// <summary>The Web UI's port.</summary>
    public int UiPort { get; }

    /// <summary>The Web UI's base address.</summary>
    public Uri UiUrl => new($"http://127.0.0.1:{UiPort}");

    /// <summary>The Temporal CLI binary, also the peer client in tests.</summary>
    public string Cli { get; }

    /// <summary>
    /// Starts a dev server and waits until its frontend accepts connections. Ports are picked free and then bound
    /// by the server, so another process can win one in between: a start that loses that race is retried.
    /// </summary>
    public static async Task<TemporalDevServer> StartAsync(IReadOnlyList<string>? searchAttributes = null, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(searchAttributes, ct).ConfigureAwait(false);
            }
            catch (PortTakenException) when (attempt < 5)
            {
                // Fresh ports next time.
            }
        }
    }

    private static async Task<TemporalDevServer> StartOnceAsync(IReadOnlyList<string>? searchAttributes, CancellationToken ct)
    {
        var cli = FindCli();
        var port = FreePort();
        var uiPort = FreePort();
        var info = new ProcessStartInfo(cli)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        foreach (var arg in new[]
        {
            "server", "start-dev", "--ip", "127.0.0.1", "--port", port.ToString(invariant),
            "--ui-port", uiPort.ToString(invariant), "--http-port", FreePort().ToString(invariant),
            "--metrics-port", FreePort().ToString(invariant), "--log-level", "error", "--namespace", "default",
        })
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var attribute in searchAttributes ?? [])
        {
            info.ArgumentList.Add("--search-attribute");
            info.ArgumentList.Add(attribute);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {cli}");
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new TemporalDevServer(process, port, uiPort, cli);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (true)
        {
            if (process.HasExited)
            {
                string text;
                lock (output)
                {
                    text = output.ToString();
                }

                throw text.Contains("address already in use", StringComparison.Ordinal)
                    ? new PortTakenException(text)
                    : new InvalidOperationException($"temporal server start-dev exited with {process.ExitCode}: {text}");
            }

            // Ready once the frontend answers the CLI and the UI (bound after it) accepts too, with the process still
            // running: a port lost to another process ends it, which the next round sees and retries.
            if (await AcceptsAsync(port, ct).ConfigureAwait(false) && await RunsCliAsync(server, ct).ConfigureAwait(false)
                && await AcceptsAsync(uiPort, ct).ConfigureAwait(false) && !process.HasExited)
            {
                return server;
            }

            if (DateTime.UtcNow > deadline)
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw new TimeoutException($"temporal dev server did not answer on {port} within 60 s: {output}");
            }

            await Task.Delay(100, ct).ConfigureAwait(false);
        }
    }

    private sealed class PortTakenException(string message) : Exception(message);

    /// <summary>Runs the Temporal CLI against this server; returns exit code and output.</summary>
    public async Task<(int ExitCode, string Stdout, string Stderr)> RunCliAsync(IEnumerable<string> args, CancellationToken ct = default)
    {
        var info = new ProcessStartInfo(Cli)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.ArgumentList.Add("--address");
        info.ArgumentList.Add(Address);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct).ConfigureAwait(false);
        return (process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    private static async Task<bool> RunsCliAsync(TemporalDevServer server, CancellationToken ct)
    {
        var (code, _, _) = await server.RunCliAsync(["operator", "namespace", "describe", "-n", "default"], ct).ConfigureAwait(false);
        return code == 0;
    }

    private static async Task<bool> AcceptsAsync(int port, CancellationToken ct)
    {
        try
        {
            using var socket = new TcpClient();
            await socket.ConnectAsync(IPAddress.Loopback, port, ct).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The CLI from $TEMPORAL_CLI or PATH, or an exception that says how to get one.</summary>
    public static string FindCli()
    {
        var configured = Environment.GetEnvironmentVariable("TEMPORAL_CLI");
        if (!string.IsNullOrEmpty(configured))
        {
            var path = Path.GetFullPath(configured);
            return File.Exists(path)
                ? path
                : throw new InvalidOperationException($"TEMPORAL_CLI={configured} does not exist: point it at the temporal CLI, or run the tests with ./build.sh test");
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, "temporal");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            "no Temporal CLI: set TEMPORAL_CLI to its path or put `temporal` on PATH (./build.sh test does this for you)");
    }

    /// <summary>
    /// A port nothing listens on now, picked at random BELOW the kernel's ephemeral range: a port the kernel picks
    /// (bind to 0) is one it may hand next to any outgoing connection (ssh, probes, gRPC) before the server binds it,
    /// which at CI's load lost a dev server its UI port after its frontend already answered.
    /// </summary>
    public static int FreePort()
    {
        var ephemeralStart = 32768;
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            ephemeralStart = int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
        }

        var low = Math.Max(1024, ephemeralStart - 12768);
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(low, Math.Max(low + 1, ephemeralStart));
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: another one.
            }
        }

        using var any = new TcpListener(IPAddress.Loopback, 0);
        any.Start();
        return ((IPEndPoint)any.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }

        process.Dispose();
    }
}
