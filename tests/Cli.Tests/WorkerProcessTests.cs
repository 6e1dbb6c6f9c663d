using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Graduate.Temporal.Client;
using Graduate.Testing;
using Graduate.Workflows;

namespace Graduate.Cli.Tests;

/// <summary>The worker executable (src/Worker) as an operator runs it: settings from variables, stopped by SIGTERM.</summary>
[Collection(CliTemporalCollection.Name)]
public sealed class WorkerProcessTests(CliTemporalFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task WorkerExecutable_FromVariables_RunsTheGraduationWorkflowAndStopsCleanlyOnSigterm()
    {
        var queue = "worker-exe-" + Guid.NewGuid().ToString("N")[..8];
        var output = new StringBuilder();
        using var process = StartWorker(output, new()
        {
            ["TEMPORAL_ADDRESS"] = fixture.Server.Address,
            ["GRADUATE_TASK_QUEUE"] = queue,
        });
        try
        {
            await Poll.UntilTrueAsync("the worker to poll its queue", _ => Task.FromResult((Text(output).Contains($"worker polling task queue {queue}", StringComparison.Ordinal), Text(output))), Deadline, CancellationToken.None);

            // A destination URL that cannot be parsed fails the graduation at once, without any host: enough to
            // show the executable runs the real workflow and its activities.
            var handle = await fixture.Client.StartWorkflowAsync(
                "Graduation",
                [new GraduationInput(new EnvironmentRef("staging", "dokku@staging.invalid"), new EnvironmentRef("production", "not a url"))],
                new StartWorkflowOptions { Id = "graduate-exe-" + queue, TaskQueue = queue });
            var result = await handle.GetResultAsync<JsonElement>().WaitAsync(Deadline);
            Assert.Equal("failed", result.GetProperty("outcome").GetString());

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await process.WaitForExitAsync().WaitAsync(Deadline);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task WorkerExecutable_ClientCertificateWithoutKey_ExitsWithConfigurationError()
    {
        var output = new StringBuilder();
        using var process = StartWorker(output, new()
        {
            ["TEMPORAL_ADDRESS"] = fixture.Server.Address,
            ["TEMPORAL_TLS_CERT"] = "/nonexistent/client.pem",
        });

        await process.WaitForExitAsync().WaitAsync(Deadline);

        Assert.Equal(ExitCodes.ConfigurationError, process.ExitCode);
        Assert.Contains("Only one of the client certificate", Text(output), StringComparison.Ordinal);
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static Process StartWorker(StringBuilder output, Dictionary<string, string> variables)
    {
        // The worker's own build output, as an operator would run it.
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var dll = Path.Combine(
            testBin.Parent!.Parent!.Parent!.Parent!.Parent!.FullName, "src", "Worker", "bin", testBin.Parent.Name, testBin.Name, "Graduate.Worker.dll");
        Assert.True(File.Exists(dll), $"build the worker first: {dll} is missing");
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        foreach (var name in new[] { "TEMPORAL_ADDRESS", "TEMPORAL_NAMESPACE", "TEMPORAL_API_KEY", "TEMPORAL_TLS", "TEMPORAL_TLS_CERT", "TEMPORAL_TLS_KEY", "TEMPORAL_TLS_CA", "GRADUATE_TASK_QUEUE" })
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in variables)
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info)!;
        DataReceivedEventHandler append = (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            }
        };
        process.OutputDataReceived += append;
        process.ErrorDataReceived += append;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
