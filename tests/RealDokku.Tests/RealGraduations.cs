using Graduate.Dokku.Transport;
using Graduate.Testing;
using Graduate.Workflows;
using Microsoft.Extensions.Hosting;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;

namespace Graduate.RealDokku.Tests;

/// <summary>
/// What the graduation scenarios add to the lab: a Temporal dev server, a client with Graduate's data
/// converter, staging's state repository initialised, and the product worker host (src/Worker) whose ssh
/// reaches simulated staging and the real Dokku as <c>production</c>. Started by the first scenario that needs it.
/// </summary>
public sealed class RealGraduations : IAsyncDisposable
{
    private readonly IHost worker;

    private RealGraduations(TemporalDevServer server, TemporalClient client, IHost worker, string taskQueue, EnvironmentRef source, EnvironmentRef destination)
    {
        Server = server;
        Client = client;
        this.worker = worker;
        TaskQueue = taskQueue;
        Source = source;
        Destination = destination;
    }

    public TemporalDevServer Server { get; }

    public TemporalClient Client { get; }

    public string TaskQueue { get; }

    public EnvironmentRef Source { get; }

    /// <summary>The real Dokku lab, as Graduate's <c>production</c>.</summary>
    public EnvironmentRef Destination { get; }

    public static async Task<RealGraduations> StartAsync(RealDokkuLab lab, SimulatedDokku sim, SimulatedHost staging, CancellationToken ct)
    {
        (await sim.RunDokkuAsync(staging, ct, "graduate:state-init")).EnsureSuccess("graduate:state-init on staging");
        var server = await TemporalDevServer.StartAsync(ct: ct);
        try
        {
            var client = await TemporalClient.ConnectAsync(new(server.Address) { DataConverter = GraduateDataConverter.Instance });
            var taskQueue = "graduate-real-" + Guid.NewGuid().ToString("N")[..8];
            // Every look at a gate or job is a Dokku command on a busy 2-core machine: look once a second, and let
            // a teardown wait as long as a refused real deploy can take to end.
            var worker = GraduateWorkerHost.Build(
                server.Address,
                taskQueue,
                new TransportOptions { ExtraSshArguments = ["-F", await lab.SshConfigWith(sim, ct)] },
                pollInterval: LabDriver.SshPollInterval,
                tearDownWait: TimeSpan.FromMinutes(5));
            await worker.StartAsync(ct);
            return new RealGraduations(server, client, worker, taskQueue, new("staging", $"{sim.SshUser}@{staging.Alias}"), new("production", lab.EnvironmentUrl));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Both example apps from staging (v2) to the lab, with timeouts sized for real deploys.</summary>
    public GraduationInput Input(IReadOnlyList<string>? postHooks = null) =>
        new(Source, Destination, ["portal", "webservices"], null, postHooks, GateTimeoutSeconds: 1800, HookTimeoutSeconds: 900, DeployTimeoutSeconds: 900);

    /// <summary>
    /// Starts a graduation under an id of its own (<c>graduate-production-&lt;random&gt;</c>), or under
    /// <paramref name="workflowId"/>: the product's <c>graduate-production</c> is what <c>graduate history</c> lists.
    /// </summary>
    public Task<WorkflowHandle> StartAsync(GraduationInput input, CancellationToken ct, string? workflowId = null) =>
        Client.StartWorkflowAsync(
            GraduationWorkflowIds.WorkflowType,
            [input],
            new WorkflowOptions(workflowId ?? GraduationWorkflowIds.For("production") + "-" + Guid.NewGuid().ToString("N")[..8], TaskQueue)
            {
                IdConflictPolicy = WorkflowIdConflictPolicy.Fail,
                Rpc = new() { CancellationToken = ct },
            });

    public async ValueTask DisposeAsync()
    {
        await worker.StopAsync(CancellationToken.None);
        worker.Dispose();
        await Server.DisposeAsync();
    }
}
