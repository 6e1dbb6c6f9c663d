using System.Text.Json;
using Graduate.Testing;
using Graduate.Workflows;
using Temporalio.Client;

namespace Graduate.Cli.Tests;

/// <summary>The worker executable (src/Worker) as an operator runs it: settings from variables, stopped by SIGTERM.</summary>
[Collection(CliTemporalCollection.Name)]
public sealed class WorkerProcessTests(CliTemporalFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task WorkerExecutable_FromVariables_RunsTheGraduationWorkflowAndStopsCleanlyOnSigterm()
    {
        var queue = "worker-exe-" + Guid.NewGuid().ToString("N")[..8];
        using var worker = WorkerProcess.Start(new Dictionary<string, string>
        {
            ["TEMPORAL_ADDRESS"] = fixture.Server.Address,
            ["GRADUATE_TASK_QUEUE"] = queue,
        });
        await worker.WaitUntilReadyAsync(Deadline, CancellationToken.None);
        Assert.Contains($"Graduate worker on task queue {queue}", worker.Output, StringComparison.Ordinal);

        // A destination URL that cannot be parsed fails the graduation at once, without any host: enough to
        // show the executable runs the real workflow and its activities.
        var handle = await fixture.Client.StartWorkflowAsync(
            "Graduation",
            [new GraduationInput(new EnvironmentRef("staging", "dokku@staging.invalid"), new EnvironmentRef("production", "not a url"))],
            new WorkflowOptions("graduate-exe-" + queue, queue));
        var result = await handle.GetResultAsync<JsonElement>().WaitAsync(Deadline);
        Assert.Equal("failed", result.GetProperty("outcome").GetString());

        await worker.TerminateAsync();
        await worker.WaitForExitAsync(Deadline);
        Assert.True(worker.ExitCode == 0, worker.Output);
    }

    [Fact]
    public async Task WorkerExecutable_ServerNotUpYet_WaitsAndConnectsOnceItAnswers()
    {
        var port = Graduate.Worker.LoopbackPorts.Free();
        using var worker = WorkerProcess.Start(new Dictionary<string, string> { ["TEMPORAL_ADDRESS"] = "127.0.0.1:" + port });
        await Poll.UntilTrueAsync(
            "the worker to say it cannot reach Temporal",
            _ => Task.FromResult((worker.Output.Contains("Cannot reach Temporal at 127.0.0.1:" + port, StringComparison.Ordinal), worker.Output)),
            Deadline,
            CancellationToken.None);

        Assert.False(worker.HasExited, worker.Output);
        await worker.TerminateAsync();
        await worker.WaitForExitAsync(Deadline);
        Assert.True(worker.ExitCode == 0, worker.Output);
    }

    [Fact]
    public async Task WorkerExecutable_ClientCertificateWithoutKey_ExitsWithConfigurationError()
    {
        using var worker = WorkerProcess.Start(new Dictionary<string, string>
        {
            ["TEMPORAL_ADDRESS"] = fixture.Server.Address,
            ["TEMPORAL_TLS_CLIENT_CERT_PATH"] = "/nonexistent/client.pem",
        });

        await worker.WaitForExitAsync(Deadline);

        Assert.Equal(ExitCodes.ConfigurationError, worker.ExitCode);
        Assert.Contains("Only one of the client certificate", worker.Output, StringComparison.Ordinal);
    }
}
