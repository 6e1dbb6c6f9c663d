using System.Diagnostics;
using System.Text;

namespace Graduate.Temporal.Tests;

/// <summary><c>peer.py worker</c>: an official-SDK worker on its own task queue, as a child process for one test.</summary>
internal sealed class PeerWorker : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private PeerWorker(Process process, string taskQueue)
    {
        this.process = process;
        TaskQueue = taskQueue;
    }

    /// <summary>The queue the official worker polls (PeerWorkflow and PeerActivity).</summary>
    public string TaskQueue { get; }

    /// <summary>What the worker printed so far (for failure messages).</summary>
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

    public static async Task<PeerWorker> StartAsync(string address)
    {
        var python = await PeerVenv.PythonAsync();
        var queue = "peer-" + Guid.NewGuid().ToString("N")[..8];
        var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-u", PeerVenv.PeerPy, "worker", "--address", address, "--task-queue", queue })
        {
            info.ArgumentList.Add(arg);
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = Process.Start(info)!;
        var worker = new PeerWorker(process, queue);
        process.OutputDataReceived += (_, e) =>
        {
            worker.Append(e.Data);
            if (e.Data?.Contains("official peer worker polling", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) => worker.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(ready.Task, exited, Task.Delay(TimeSpan.FromSeconds(60)));
        if (first != ready.Task)
        {
            var why = first == exited ? $"exited with {process.ExitCode}" : "did not report ready within 60 s";
            await worker.DisposeAsync();
            throw new InvalidOperationException($"peer.py worker {why}: {worker.Output}");
        }

        return worker;
    }

    private void Append(string? line)
    {
        lock (output)
        {
            output.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
