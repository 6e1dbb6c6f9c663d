using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Graduate.Worker;
using Temporalio.Client;

namespace Graduate.Demo;

/// <summary>
/// A <c>temporal server start-dev</c> kept under the data directory (<c>temporal/temporal.db</c>), started once and
/// reused by later commands through <c>temporal/server.json</c> (address, Web UI port, pid). It runs in its own
/// session so it outlives the command that started it (and its Ctrl+C): the Web UI stays up for a look afterwards.
/// </summary>
public sealed class EmbeddedTemporal
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private EmbeddedTemporal(EmbeddedTemporalState state, bool reused, string directory)
    {
        State = state;
        Reused = reused;
        Directory = directory;
    }

    public EmbeddedTemporalState State { get; }

    /// <summary>True when a server a previous command started was still answering.</summary>
    public bool Reused { get; }

    /// <summary>Where the database, log and state file are.</summary>
    public string Directory { get; }

    public string Address => State.Address;

    public Uri UiUrl => new($"http://127.0.0.1:{State.UiPort.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>The one line a command prints about it.</summary>
    public string Describe() => Reused
        ? $"Temporal: reusing the embedded dev server at {Address} (pid {State.Pid}); Web UI: {UiUrl}"
        : $"Temporal: started an embedded dev server at {Address} (pid {State.Pid}, data in {State.DbFile}); Web UI: {UiUrl}";

    public static string StateFile(string dataDirectory) => Path.Combine(dataDirectory, "temporal", "server.json");

    /// <summary>Reuses the server recorded under <paramref name="dataDirectory"/> if it answers, else starts one.</summary>
    /// <exception cref="DemoException">No Temporal CLI, or the server did not come up.</exception>
    public static async Task<EmbeddedTemporal> StartOrReuseAsync(string dataDirectory, Func<string, string?> variables, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        var directory = Path.Combine(dataDirectory, "temporal");
        System.IO.Directory.CreateDirectory(directory);
        // Two commands at once must not start two servers on one database.
        using var held = await LockAsync(Path.Combine(directory, ".lock"), ct).ConfigureAwait(false);
        var previous = ReadState(dataDirectory);
        if (previous is not null && IsAlive(previous.Pid) && await AnswersAsync(previous.Address, TimeSpan.FromSeconds(5), ct).ConfigureAwait(false))
        {
            return new EmbeddedTemporal(previous, reused: true, directory);
        }

        var cli = FindCli(variables);
        var port = previous is not null && LoopbackPorts.IsFree(previous.Port) ? previous.Port : LoopbackPorts.Free();
        var uiPort = previous is not null && previous.UiPort != port && LoopbackPorts.IsFree(previous.UiPort) ? previous.UiPort : LoopbackPorts.Free();
        var db = Path.Combine(directory, "temporal.db");
        var log = Path.Combine(directory, "server.log");
        var pid = Launch(cli, port, uiPort, db, log);
        var state = new EmbeddedTemporalState($"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", port, uiPort, pid, db);
        await File.WriteAllTextAsync(StateFile(dataDirectory), JsonSerializer.Serialize(state, Json), ct).ConfigureAwait(false);
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await AnswersAsync(state.Address, TimeSpan.FromSeconds(5), ct).ConfigureAwait(false))
        {
            if (!IsAlive(pid) || DateTime.UtcNow > deadline)
            {
                var tail = File.Exists(log) ? string.Join(" / ", (await File.ReadAllLinesAsync(log, ct).ConfigureAwait(false)).TakeLast(3)) : "";
                throw new DemoException(
                    DemoExitCodes.Unreachable,
                    $"The embedded Temporal server ({cli}) did not start on port {port} within {StartTimeout.TotalSeconds:0} s: see {log} ({tail}).");
            }

            await Task.Delay(200, ct).ConfigureAwait(false);
        }

        return new EmbeddedTemporal(state, reused: false, directory);
    }

    /// <summary>Stops the server recorded under <paramref name="dataDirectory"/>, if any (for tests and cleanup).</summary>
    public static async Task StopAsync(string dataDirectory)
    {
        if (ReadState(dataDirectory) is not { } state || !IsAlive(state.Pid))
        {
            return;
        }

        try
        {
            using var process = Process.GetProcessById(state.Pid);
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }
        catch (ArgumentException)
        {
        }
        catch (InvalidOperationException)
        {
        }
    }

    public static EmbeddedTemporalState? ReadState(string dataDirectory)
    {
        var file = StateFile(dataDirectory);
        try
        {
            return File.Exists(file) ? JsonSerializer.Deserialize<EmbeddedTemporalState>(File.ReadAllText(file), Json) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The Temporal CLI: <c>$TEMPORAL_CLI</c>, else <c>temporal</c> on PATH.</summary>
    /// <exception cref="DemoException">Neither is there (exit code 5: there is no Temporal to reach).</exception>
    public static string FindCli(Func<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        if (variables("TEMPORAL_CLI") is { Length: > 0 } configured)
        {
            var path = Path.GetFullPath(configured);
            return File.Exists(path)
                ? path
                : throw new DemoException(DemoExitCodes.Unreachable, $"TEMPORAL_CLI={configured} is not a file: point it at the temporal CLI binary, or unset it to use `temporal` from PATH.");
        }

        foreach (var dir in (variables("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "temporal");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DemoException(
            DemoExitCodes.Unreachable,
            "No Temporal CLI to run the embedded server: install it (brew install temporal, or the release from https://github.com/temporalio/cli/releases) and put it on PATH or set TEMPORAL_CLI to its path.");
    }

    private static int Launch(string cli, int port, int uiPort, string db, string log)
    {
        // setsid: the server gets its own session, so the terminal's Ctrl+C to this command does not reach it.
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(File.Exists("/usr/bin/setsid")
            ? "exec /usr/bin/setsid \"$0\" \"$@\" </dev/null >>\"$GRADUATE_TEMPORAL_LOG\" 2>&1"
            : "exec \"$0\" \"$@\" </dev/null >>\"$GRADUATE_TEMPORAL_LOG\" 2>&1");
        info.ArgumentList.Add(cli);
        foreach (var arg in new[]
        {
            "server", "start-dev", "--ip", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture),
            "--ui-port", uiPort.ToString(CultureInfo.InvariantCulture), "--db-filename", db, "--log-level", "error",
            "--namespace", "default",
        })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["GRADUATE_TEMPORAL_LOG"] = log;
        using var process = Process.Start(info) ?? throw new DemoException(DemoExitCodes.Unreachable, $"Could not start {cli}: check that it is an executable temporal CLI.");
        return process.Id;
    }

    private static async Task<bool> AnswersAsync(string address, TimeSpan timeout, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            // Connecting asks the server for its system info; the namespace must exist as well.
            var client = await TemporalClient.ConnectAsync(new(address)).WaitAsync(limit.Token).ConfigureAwait(false);
            await client.WorkflowService.DescribeNamespaceAsync(
                new() { Namespace = "default" }, new() { CancellationToken = limit.Token }).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<FileStream> LockAsync(string path, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + StartTimeout + StartTimeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, ct).ConfigureAwait(false);
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
