using System.Text.Json;
using Graduate.Dokku.Transport;
using Graduate.Testing;
using Graduate.Worker;
using Microsoft.Extensions.Hosting;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;

namespace Graduate.Workflows.Tests;

/// <summary>
/// One test's world: simulated staging (v2, schema 2) and production (v1, schema 1) hosts seeded with the
/// example, staging's state repository initialised, and a worker on its own task queue whose ssh uses the hosts'
/// client config: the worker host itself (src/Worker) in this process, or the worker executable as a real process.
/// </summary>
internal sealed class GraduationHarness : IAsyncDisposable
{
    /// <summary>
    /// The most one scenario may take. A graduation here takes 10-30 s on an idle machine; these deadlines only stop
    /// a hung test, and leave room for a busy machine (shared CI cores, a worker's heartbeat timeout after a kill).
    /// </summary>
    public static readonly TimeSpan TestDeadline = TimeSpan.FromMinutes(8);

    /// <summary>The most one step of a scenario (a phase reached, a worker ready) may take.</summary>
    public static readonly TimeSpan StepDeadline = TimeSpan.FromMinutes(3);

    private IHost? worker;

    private GraduationHarness(TemporalServerFixture temporal, SimulatedDokku sim)
    {
        Temporal = temporal;
        Sim = sim;
    }

    public TemporalServerFixture Temporal { get; }

    public SimulatedDokku Sim { get; }

    public SimulatedHost Staging => Sim["staging"];

    public SimulatedHost Production => Sim["production"];

    public string TaskQueue { get; } = "graduate-" + Guid.NewGuid().ToString("N")[..8];

    public EnvironmentRef Source => new("staging", $"{Sim.SshUser}@{Staging.Alias}");

    public EnvironmentRef Destination => new("production", $"{Sim.SshUser}@{Production.Alias}");

    /// <summary>Starts and seeds the hosts; <paramref name="prepare"/> changes staging before its state is committed.</summary>
    public static async Task<GraduationHarness> StartAsync(TemporalServerFixture temporal, CancellationToken ct, Func<GraduationHarness, Task>? prepare = null)
    {
        var sim = await SimulatedDokku.StartAsync(["staging", "production"], ct);
        var harness = new GraduationHarness(temporal, sim);
        try
        {
            await sim.SeedExampleAsync(ct);
            if (prepare is not null)
            {
                await prepare(harness);
            }

            (await harness.DokkuAsync(harness.Staging, ct, "graduate:state-init")).EnsureSuccess("graduate:state-init");
            await harness.StartWorkerAsync(ct);
            return harness;
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }
    }

    public GraduationInput Input(IReadOnlyList<string>? preHooks = null, IReadOnlyList<string>? postHooks = null, IReadOnlyList<string>? apps = null) =>
        new(Source, Destination, apps, preHooks, postHooks, GateTimeoutSeconds: 300, HookTimeoutSeconds: 300, DeployTimeoutSeconds: 300);

    public Task<WorkflowHandle> StartAsync(GraduationInput input, CancellationToken ct) =>
        StartAsync(input, GraduationWorkflowIds.For("production") + "-" + Guid.NewGuid().ToString("N")[..8], ct);

    public Task<WorkflowHandle> StartAsync(GraduationInput input, string workflowId, CancellationToken ct) =>
        Temporal.Client.StartWorkflowAsync(
            GraduationWorkflowIds.WorkflowType,
            [input],
            new WorkflowOptions(workflowId, TaskQueue) { IdConflictPolicy = WorkflowIdConflictPolicy.Fail, Rpc = new() { CancellationToken = ct } });

    public Task<DokkuCommandResult> DokkuAsync(SimulatedHost host, CancellationToken ct, params string[] arguments) =>
        Sim.RunDokkuAsync(host, arguments, null, ct);

    public async Task<JsonElement> JsonAsync(SimulatedHost host, CancellationToken ct, params string[] arguments)
    {
        var result = (await DokkuAsync(host, ct, arguments)).EnsureSuccess(string.Join(' ', arguments));
        using var document = JsonDocument.Parse(result.StandardOutput);
        return document.RootElement.Clone();
    }

    public static async Task<JsonElement> AnswerAtAsync(Uri url, CancellationToken ct)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var document = JsonDocument.Parse(await client.GetStringAsync(url, ct));
        return document.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        await StopWorkerAsync();
        await Sim.DisposeAsync();
    }

    /// <summary>Stops the in-process worker (its running activities are canceled after a 1 s grace) and starts a fresh one on the same queue.</summary>
    public async Task RestartWorkerAsync(CancellationToken ct)
    {
        await StopWorkerAsync();
        await StartWorkerAsync(ct);
    }

    /// <summary>Stops the in-process worker, leaving the task queue to a worker process (<see cref="StartWorkerProcess"/>).</summary>
    public async Task StopWorkerAsync()
    {
        if (worker is not null)
        {
            await worker.StopAsync(CancellationToken.None);
            worker.Dispose();
            worker = null;
        }
    }

    /// <summary>The worker executable on this harness's queue, reaching the hosts through their ssh config.</summary>
    public WorkerProcess StartWorkerProcess() => WorkerProcess.Start(new Dictionary<string, string>
    {
        ["TEMPORAL_ADDRESS"] = Temporal.Server.Address,
        ["GRADUATE_TASK_QUEUE"] = TaskQueue,
        [DokkuTransportSettings.SshConfigVariable] = Sim.ClientSshConfigPath,
    });

    /// <summary>
    /// Installs on <paramref name="host"/> a plugin whose <c>post-deploy</c> fails once for <paramref name="app"/>:
    /// that deploy fails after the proxy switched to it (after its gate opened).
    /// </summary>
    public static void FailNextPostDeploy(SimulatedHost host, string app) =>
        InstallTrigger(host, "test-fail-post-deploy", "post-deploy", $$"""
            [[ "$1" == "{{app}}" ]] || exit 0
            mkdir "$DOKKU_LIB_ROOT/data/test-post-deploy-failed" 2>/dev/null || exit 0
            echo " !     post-deploy of $1 failed on purpose" >&2
            exit 1
            """);

    /// <summary>Installs on <paramref name="host"/> a plugin whose <c>post-deploy</c> takes <paramref name="seconds"/> (a slow go-live).</summary>
    public static void SlowPostDeploy(SimulatedHost host, int seconds) =>
        InstallTrigger(host, "test-slow-post-deploy", "post-deploy", $"sleep {seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}");

    /// <summary>
    /// Installs on <paramref name="host"/> a <c>check-deploy</c> that takes <paramref name="seconds"/> before the gate
    /// (its plugin sorts before <c>zzz-graduate-gate</c>), so staging lasts long enough to act on it.
    /// </summary>
    public static void SlowChecks(SimulatedHost host, int seconds) =>
        InstallTrigger(host, "test-slow-checks", "check-deploy", $"sleep {seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}");

    private static void InstallTrigger(SimulatedHost host, string plugin, string name, string body)
    {
        var directory = Path.Combine(host.Root, "var", "lib", "dokku", "plugins", "enabled", plugin);
        Directory.CreateDirectory(directory);
        var trigger = Path.Combine(directory, name);
        File.WriteAllText(trigger, "#!/usr/bin/env bash\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(trigger, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }

    private async Task StartWorkerAsync(CancellationToken ct)
    {
        worker = GraduateWorkerHost.Build(Temporal.Server.Address, TaskQueue, new TransportOptions { ExtraSshArguments = ["-F", Sim.ClientSshConfigPath] });
        await worker.StartAsync(ct);
    }
}
