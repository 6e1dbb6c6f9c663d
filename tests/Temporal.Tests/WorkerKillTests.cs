using System.Diagnostics;

namespace Graduate.Temporal.Tests;

/// <summary>The worker as a real OS process, killed (not disposed) in the middle of a workflow.</summary>
[Collection(TemporalCollection.Name)]
public sealed class WorkerKillTests(TemporalFixture fixture)
{
    [Fact]
    public async Task Worker_KilledDuringActivity_NewWorkerFinishesWorkflowWithoutRerunningCompletedStep()
    {
        var queue = "kill-" + Guid.NewGuid().ToString("N")[..8];
        var key = Guid.NewGuid().ToString("N");
        var marker = (string step) => Path.Combine(fixture.MarkerDir, $"{key}_{step}");
        var handle = await fixture.Client.StartWorkflowAsync("Killable", [key], fixture.Options("kill") with { TaskQueue = queue });

        using (var first = StartWorker(queue))
        {
            await Eventually.TrueAsync(
                () => first.HasExited
                    ? throw new InvalidOperationException($"the worker process exited with {first.ExitCode}")
                    : Task.FromResult(File.Exists(marker("two-wait") + ".ran")),
                TimeSpan.FromSeconds(60),
                "step two started");
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }

        using var second = StartWorker(queue);
        try
        {
            await File.WriteAllTextAsync(marker("two-wait") + ".release", "go");
            var result = await handle.GetResultAsync<List<string>>().WaitAsync(TimeSpan.FromMinutes(2));

            Assert.Equal([$"{key}/one", $"{key}/two-wait", $"{key}/three"], result);
            Assert.Single(await File.ReadAllLinesAsync(marker("one") + ".ran"));
            var stepTwoRuns = await File.ReadAllLinesAsync(marker("two-wait") + ".ran");
            Assert.Equal(2, stepTwoRuns.Length);
            Assert.NotEqual(stepTwoRuns[0].Split(' ')[1], stepTwoRuns[1].Split(' ')[1]);
        }
        finally
        {
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
        }
    }

    private Process StartWorker(string queue)
    {
        // The worker's own build output: the copy beside the tests resolves its dependencies through the test
        // host's frameworks (ASP.NET Core, for the TLS tests), which a plain worker process does not load.
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var dll = Path.Combine(
            testBin.Parent!.Parent!.Parent!.Parent!.FullName, "TestWorker", "bin", testBin.Parent.Name, testBin.Name, "Graduate.TestWorker.dll");
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { dll, fixture.Server!.Address, queue, fixture.MarkerDir })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"test worker: {e.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
