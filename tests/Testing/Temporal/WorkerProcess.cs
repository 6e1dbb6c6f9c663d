using System.Diagnostics;
using System.Text;

namespace Graduate.Testing;

/// <summary>
/// The Graduate worker executable (src/Worker's build output) as an operator runs it: its settings from variables,
/// its output captured, stopped by a signal (SIGTERM) or killed outright (SIGKILL), as a crash would.
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    // Variables of the test process that would leak into the worker's settings.
    private static readonly string[] Scrubbed = ["TEMPORAL_ADDRESS", "TEMPORAL_NAMESPACE", "TEMPORAL_API_KEY", "TEMPORAL_TLS", "TEMPORAL_PROFILE", "TEMPORAL_CONFIG_FILE", "GRADUATE_TASK_QUEUE", "GRADUATE_SSH_CONFIG"];

    private readonly Process process;
    private readonly StringBuilder output = new();

    private WorkerProcess(Process process)
    {
        this.process = process;
    }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>Everything it printed so far (stdout and stderr interleaved).</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Starts the worker with exactly <paramref name="variables"/> on top of a scrubbed copy of this process's environment.</summary>
    public static WorkerProcess Start(IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var dll = Path.Combine(Repository.Root, "src", "Worker", "bin", testBin.Parent!.Name, testBin.Name, "Graduate.Worker.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"build the worker first: {dll} is missing");
        }

        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        foreach (var name in Scrubbed.Concat(info.Environment.Keys.Where(k => k.StartsWith("TEMPORAL_TLS", StringComparison.Ordinal))).ToList())
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in variables)
        {
            info.Environment[name] = value;
        }

        var worker = new WorkerProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet"));
        DataReceivedEventHandler append = (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (worker.output)
                {
                    worker.output.AppendLine(e.Data);
                }
            }
        };
        worker.process.OutputDataReceived += append;
        worker.process.ErrorDataReceived += append;
        worker.process.BeginOutputReadLine();
        worker.process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Waits until the worker says it runs on its task queue (it connected), failing if it exits first.</summary>
    public Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken ct) =>
        Poll.UntilTrueAsync(
            "the worker to connect",
            _ => HasExited
                ? throw new InvalidOperationException($"the worker exited with {ExitCode}: {Output}")
                : Task.FromResult((Output.Contains("Graduate worker on task queue", StringComparison.Ordinal), Output)),
            timeout,
            ct);

    /// <summary>Sends SIGTERM, as a service manager stops it.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync().ConfigureAwait(false);
    }

    /// <summary>SIGKILL: the worker dies on the spot, as in a crash or a power cut.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync().ConfigureAwait(false);
    }

    public Task WaitForExitAsync(TimeSpan timeout) => process.WaitForExitAsync().WaitAsync(timeout);

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }
}
