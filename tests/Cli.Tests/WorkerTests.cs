using Graduate.Worker;
using Graduate.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Client;

namespace Graduate.Cli.Tests;

/// <summary><c>graduate worker</c> and the worker host it shares with src/Worker.</summary>
[Collection(CliTemporalCollection.Name)]
public sealed class WorkerTests(CliTemporalFixture fixture)
{
    [Fact]
    public async Task Worker_WithARegistration_RunsGraduationsFromItsQueueUntilStopped()
    {
        var queue = "cli-worker-" + Guid.NewGuid().ToString("N")[..8];
        using var output = new StringWriter();
        using var error = new StringWriter();
        var variables = new Dictionary<string, string> { ["TEMPORAL_ADDRESS"] = fixture.Server.Address, ["GRADUATE_HOME"] = Path.GetTempPath() };
        await using var services = GraduateCli.BuildServices(
            new CliContext(output, error, variables),
            s => s.AddSingleton(new WorkerRegistration([typeof(StubGraduationWorkflow)], [])));
        using var stop = new CancellationTokenSource();

        var worker = GraduateCli.InvokeAsync(services, ["worker", "--task-queue", queue], stop.Token);
        var handle = await fixture.Client.StartWorkflowAsync(
            "Graduation",
            [new GraduationInput(new EnvironmentRef("staging", "dokku@staging"), new EnvironmentRef("qa", "dokku@qa"))],
            new WorkflowOptions("graduate-qa-" + queue, queue));
        await handle.SignalAsync("cancel", ["done"]);
        var result = await handle.GetResultAsync<StubResult>().WaitAsync(TimeSpan.FromMinutes(3));
        await stop.CancelAsync();
        var code = await worker.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(("qa", "done", "completed"), (result!.Destination, result.Reason, result.Outcome));
        Assert.Equal(ExitCodes.Succeeded, code);
        Assert.Contains($"Graduate worker: task queue {queue}", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Worker_NothingRegistered_ExitsWithConfigurationError()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        await using var services = GraduateCli.BuildServices(
            new CliContext(output, error, new Dictionary<string, string> { ["GRADUATE_HOME"] = Path.GetTempPath() }),
            s => s.AddSingleton(new WorkerRegistration([], [])));

        var code = await GraduateCli.InvokeAsync(services, ["worker", "--address", fixture.Server.Address]);

        Assert.Equal(ExitCodes.ConfigurationError, code);
        Assert.Contains("registers no Graduation workflow", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void WorkerHost_UnusableSettings_RefusedBeforeItStartsWithTheReason()
    {
        var settings = TemporalSettings.Load(new Dictionary<string, string>
        {
            ["TEMPORAL_ADDRESS"] = fixture.Server.Address,
            ["TEMPORAL_TLS_CLIENT_CERT_PATH"] = "/nonexistent/client.pem",
        });

        var error = Assert.Throws<TemporalSettingsException>(() => new ServiceCollection().AddGraduateWorker(settings));

        Assert.Contains("Only one of the client certificate", error.Message, StringComparison.Ordinal);
    }
}
