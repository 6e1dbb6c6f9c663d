using System.Text.Json;
using Graduate.Activities;
using Graduate.Dokku.Transport;
using Graduate.Temporal.Client;
using Graduate.Temporal.Worker;
using Graduate.Testing;

namespace Graduate.Workflows.Tests;

/// <summary>
/// One test's world: simulated staging (v2, schema 2) and production (v1, schema 1) hosts seeded with the
/// example, staging's state repository initialised, and an in-process worker (Graduation workflow + activities)
/// on its own task queue whose ssh uses the hosts' client config.
/// </summary>
internal sealed class GraduationHarness : IAsyncDisposable
{
    public static readonly TimeSpan SshPollInterval = TimeSpan.FromMilliseconds(150);

    private CancellationTokenSource stopWorker = new();
    private Task workerRun = Task.CompletedTask;

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
            harness.StartWorker();
            return harness;
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }
    }

    public GraduationInput Input(IReadOnlyList<string>? preHooks = null, IReadOnlyList<string>? postHooks = null, IReadOnlyList<string>? apps = null) =>
        new(Source, Destination, apps, preHooks, postHooks, GateTimeoutSeconds: 120, HookTimeoutSeconds: 120, DeployTimeoutSeconds: 120);

    public Task<WorkflowHandle> StartAsync(GraduationInput input, CancellationToken ct) =>
        StartAsync(input, GraduationWorkflowIds.For("production") + "-" + Guid.NewGuid().ToString("N")[..8], ct);

    public Task<WorkflowHandle> StartAsync(GraduationInput input, string workflowId, CancellationToken ct) =>
        Temporal.Client.StartWorkflowAsync(
            GraduationWorkflowIds.WorkflowType,
            [input],
            new StartWorkflowOptions { Id = workflowId, TaskQueue = TaskQueue },
            ct);

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
        await stopWorker.CancelAsync();
        try
        {
            await workerRun;
        }
        catch (OperationCanceledException)
        {
        }

        stopWorker.Dispose();
        await Sim.DisposeAsync();
    }

    /// <summary>Stops the worker (its running activities fail their attempt) and starts a fresh one on the same queue.</summary>
    public async Task RestartWorkerAsync()
    {
        await stopWorker.CancelAsync();
        await workerRun;
        stopWorker.Dispose();
        stopWorker = new CancellationTokenSource();
        StartWorker();
    }

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

    private void StartWorker()
    {
        var clients = new DokkuClientFactory(new TransportOptions { ExtraSshArguments = ["-F", Sim.ClientSshConfigPath] });
        var pacing = new GraduateActivityOptions { PollInterval = TimeSpan.FromMilliseconds(200), TearDownWait = TimeSpan.FromSeconds(30) };
        var worker = new TemporalWorker(Temporal.Client, new TemporalWorkerOptions
        {
            TaskQueue = TaskQueue,
            Workflows = [typeof(GraduationWorkflow)],
            Activities = GraduateActivities.Definitions(clients, pacing),
            GracefulShutdownTimeout = TimeSpan.FromSeconds(1),
        });
        workerRun = worker.ExecuteAsync(stopWorker.Token);
    }
}
