using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Graduate.Activities;
using Graduate.Dokku.Transport;
using Graduate.Worker;
using Graduate.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Graduate.Demo;

/// <summary>
/// <c>graduate demo</c>: the embedded Temporal server, an in-process worker (the worker host's own registration) on
/// its own task queue, and simulated <c>staging</c> (portal and webservices at v2) and <c>production</c> (v1) hosts;
/// graduates staging to production while production's public URLs are asked every 50 ms, then tears the hosts down.
/// </summary>
public static class DemoRunner
{
    public const string Migrate = "ssh dokku@$ENVIRONMENT_URL run --no-tty portal ./migrate";

    public static readonly IReadOnlyList<string> Apps = ["portal", "webservices"];

    public static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(50);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Runs the demo; returns its result (printed already) and the exit code.</summary>
    public static async Task<(DemoResult Result, int ExitCode)> RunAsync(DemoOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Ctrl+C or SIGTERM: stop here, but tear the hosts down and end the graduation before the process goes.
        using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void Interrupt(PosixSignalContext signal)
        {
            signal.Cancel = true;
            interrupted.Cancel();
        }

        using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
        try
        {
            return await RunCoreAsync(options, Stopwatch.StartNew(), interrupted.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (interrupted.IsCancellationRequested)
        {
            throw new DemoException(
                DemoExitCodes.Interrupted,
                "Interrupted: the demo's hosts are torn down and its graduation terminated; run `graduate demo` again to watch a whole one.",
                e);
        }
    }

    private static async Task<(DemoResult Result, int ExitCode)> RunCoreAsync(DemoOptions options, Stopwatch clock, CancellationToken ct)
    {
        var output = options.Out;
        var dataDirectory = DataDirectory.Resolve(options.Variables);
        var temporal = await EmbeddedTemporal.StartOrReuseAsync(dataDirectory, options.Variables, ct).ConfigureAwait(false);
        await output.WriteLineAsync(temporal.Describe()).ConfigureAwait(false);

        var stamp = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6];
        var runDirectory = RunDirectory(dataDirectory, stamp);
        var harness = DemoAssets.CopyTo(DemoAssets.Find(), Path.Combine(runDirectory, "assets"));
        await output.WriteLineAsync($"Simulated Dokku hosts staging (portal, webservices at v2) and production (at v1) in {runDirectory} ...").ConfigureAwait(false);
        await output.FlushAsync(ct).ConfigureAwait(false);
        DemoResult result;
        try
        {
            await using var hosts = await DemoHosts.StartAsync(harness, Path.Combine(runDirectory, "sim"), ct).ConfigureAwait(false);
            await PrepareAsync(hosts, options.Fail, ct).ConfigureAwait(false);
            await hosts.DokkuAsync(DemoHosts.Staging, ct, "graduate:state-init").ConfigureAwait(false);

            var settings = new TemporalSettings { Profile = new(Address: temporal.Address), TaskQueue = "graduate-demo-" + stamp };
            using var worker = BuildWorker(settings, hosts.ClientSshConfigPath);
            await worker.StartAsync(ct).ConfigureAwait(false);
            try
            {
                var urls = Apps.Select(app => hosts.PublicUrl(DemoHosts.Production, app)).ToList();
                var before = await VersionsAsync(urls, ct).ConfigureAwait(false);
                await using var probe = TrafficProbe.Start(urls, ProbeInterval);
                var client = await TemporalClient.ConnectAsync(settings.ToConnectOptions()).WaitAsync(ct).ConfigureAwait(false);
                var workflowId = GraduationWorkflowIds.For(DemoHosts.Production) + "-demo-" + stamp;
                var handle = await client.StartWorkflowAsync(
                    GraduationWorkflowIds.WorkflowType,
                    [Input(hosts, options.Fail)],
                    new WorkflowOptions(workflowId, settings.TaskQueue) { Rpc = new() { CancellationToken = ct } }).ConfigureAwait(false);
                var link = $"{temporal.UiUrl}namespaces/default/workflows/{Uri.EscapeDataString(workflowId)}";
                await output.WriteLineAsync($"Graduating staging -> production{FailNote(options.Fail)}: {workflowId}").ConfigureAwait(false);
                await output.WriteLineAsync($"Web UI: {link}").ConfigureAwait(false);
                await output.FlushAsync(ct).ConfigureAwait(false);

                try
                {
                    await options.Follow(client, workflowId, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    // Interrupted: the hosts and the worker go away with this command, so the graduation cannot go on.
                    await TerminateQuietlyAsync(handle).ConfigureAwait(false);
                    throw;
                }

                var (outcome, graduationId) = await OutcomeAsync(handle, ct).ConfigureAwait(false);
                await probe.StopAsync().ConfigureAwait(false);
                var after = await VersionsAsync(urls, ct).ConfigureAwait(false);
                var apps = Apps.Select((app, i) => new DemoAppResult(app, before[i], after[i])).ToList();
                result = new DemoResult(outcome, graduationId, apps, probe.Requests, probe.FailedRequests, workflowId, link, 0);
            }
            finally
            {
                await worker.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            // The hosts are down here (their `await using` ended): the result is reported after the teardown.
            TryDelete(runDirectory);
        }

        result = result with { Seconds = Math.Round(clock.Elapsed.TotalSeconds, 1) };
        await ReportAsync(output, options, result, temporal).ConfigureAwait(false);
        return (result, ExitCodeFor(options.Fail, result));
    }

    /// <summary>0 when the demo showed what it set out to: completed (or, with --fail, failed with production untouched).</summary>
    public static int ExitCodeFor(DemoFailure fail, DemoResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var untouched = result.Apps.All(a => a.Before == a.After);
        var expected = fail == DemoFailure.None
            ? result.Outcome == GraduationOutcome.Completed && result.Apps.All(a => a.Before != a.After)
            : result.Outcome == GraduationOutcome.Failed && untouched;
        if (expected && result.FailedRequests == 0)
        {
            return DemoExitCodes.Succeeded;
        }

        return result.Outcome == GraduationOutcome.Canceled ? DemoExitCodes.Canceled : DemoExitCodes.GraduationFailed;
    }

    /// <summary>The workflow input: the hosts and the hooks for <paramref name="fail"/>.</summary>
    public static GraduationInput Input(DemoHosts hosts, DemoFailure fail)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        List<string> pre = ["echo \"graduating $GRADUATE_APPS from $GRADUATE_SOURCE to $GRADUATE_DESTINATION\""];
        List<string> post = [Migrate];
        if (fail == DemoFailure.PreHook)
        {
            pre.Add("echo 'release checklist not signed off (the demo fails this PRE hook on purpose)' >&2; exit 3");
        }
        else if (fail == DemoFailure.PostHook)
        {
            post.Insert(0, "echo \"smoke test of the staged releases on $ENVIRONMENT_URL failed (on purpose)\" >&2; exit 1");
        }

        return new GraduationInput(
            new EnvironmentRef(DemoHosts.Staging, hosts.Url(DemoHosts.Staging)),
            new EnvironmentRef(DemoHosts.Production, hosts.Url(DemoHosts.Production)),
            Apps,
            pre,
            post,
            GateTimeoutSeconds: 300,
            HookTimeoutSeconds: 120,
            DeployTimeoutSeconds: 120);
    }

    private static async Task PrepareAsync(DemoHosts hosts, DemoFailure fail, CancellationToken ct)
    {
        switch (fail)
        {
            case DemoFailure.Checks:
                // Staging runs a webservices release whose healthcheck fails (its checks skipped there to deploy it).
                await hosts.DokkuAsync(DemoHosts.Staging, ct, "checks:skip", "webservices").ConfigureAwait(false);
                await hosts.DeployAsync(DemoHosts.Staging, "webservices", "v3-unhealthy", ct).ConfigureAwait(false);
                await hosts.DokkuAsync(DemoHosts.Staging, ct, "checks:enable", "webservices").ConfigureAwait(false);
                break;
            case DemoFailure.GoLive:
                // After the gate opens (plugins run in name order, this one after zzz-graduate-gate), webservices' deploy
                // fails once before production's proxy switches to it: the old release keeps serving.
                hosts.InstallTrigger(DemoHosts.Production, "zzzz-demo-fail-go-live", "check-deploy", """
                    [[ "$1" == "webservices" ]] || exit 0
                    mkdir "$DOKKU_LIB_ROOT/data/demo-go-live-failed" 2>/dev/null || exit 0
                    echo " !     webservices could not start serving (the demo's --fail go-live)" >&2
                    exit 1
                    """);
                break;
            default:
                break;
        }
    }

    private static IHost BuildWorker(TemporalSettings settings, string sshConfig)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        // Faster polling than a real worker's defaults: the demo's deploys take about a second.
        builder.Services.AddSingleton(new GraduateActivityOptions { PollInterval = TimeSpan.FromMilliseconds(200), TearDownWait = TimeSpan.FromSeconds(30) });
        builder.Services.AddGraduateWorker(settings, WorkerRegistration.Graduate, new TransportOptions { ExtraSshArguments = ["-F", sshConfig] });
        builder.Services.AddSingleton<IHostLifetime, QuietLifetime>();
        return builder.Build();
    }

    private static async Task<(string Outcome, string GraduationId)> OutcomeAsync(WorkflowHandle handle, CancellationToken ct)
    {
        try
        {
            var result = await handle.GetResultAsync<GraduationResult>(rpcOptions: new() { CancellationToken = ct }).ConfigureAwait(false);
            return (result?.Outcome ?? GraduationOutcome.Failed, result?.GraduationId ?? $"{handle.Id}.{handle.FirstExecutionRunId}");
        }
        catch (WorkflowFailedException e)
        {
            // Temporal's own cancel (the Web UI's Cancel button) ends the execution Canceled without a result.
            var canceled = e.InnerException is CanceledFailureException;
            return (canceled ? GraduationOutcome.Canceled : GraduationOutcome.Failed, $"{handle.Id}.{handle.FirstExecutionRunId}");
        }
    }

    private static async Task TerminateQuietlyAsync(WorkflowHandle handle)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await handle.TerminateAsync("graduate demo was interrupted; its simulated hosts are gone", new() { Rpc = new() { CancellationToken = limit.Token } }).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TemporalException or InvalidOperationException or OperationCanceledException)
        {
        }
    }

    private static async Task<List<string?>> VersionsAsync(IEnumerable<Uri> urls, CancellationToken ct)
    {
        var versions = new List<string?>();
        foreach (var url in urls)
        {
            versions.Add(await TrafficProbe.VersionAsync(url, ct).ConfigureAwait(false));
        }

        return versions;
    }

    private static async Task ReportAsync(TextWriter output, DemoOptions options, DemoResult result, EmbeddedTemporal temporal)
    {
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync($"Outcome: {result.Outcome}{Expectation(options.Fail, result)}").ConfigureAwait(false);
        foreach (var app in result.Apps)
        {
            await output.WriteLineAsync($"  {app.Name}: production served {app.Before ?? "nothing"} before, {app.After ?? "nothing"} after").ConfigureAwait(false);
        }

        await output.WriteLineAsync($"Traffic: {result.Requests} requests to production's public URLs during the graduation (every {ProbeInterval.TotalMilliseconds:0} ms per app), {result.FailedRequests} failed").ConfigureAwait(false);
        await output.WriteLineAsync($"Web UI: {result.WebUi}").ConfigureAwait(false);
        await output.WriteLineAsync($"The simulated hosts are torn down; the embedded Temporal server keeps running for the Web UI (pid {temporal.State.Pid}; `kill {temporal.State.Pid}` stops it, the next command starts it again).").ConfigureAwait(false);
        await output.WriteLineAsync(options.Fail == DemoFailure.None
            ? "Try a failure: graduate demo --fail pre-hook|checks|post-hook|go-live (production keeps serving the old versions)."
            : "Try the others: graduate demo --fail pre-hook|checks|post-hook|go-live, or graduate demo for a graduation that completes.").ConfigureAwait(false);
        await output.WriteLineAsync($"Demo took {result.Seconds.ToString("0.0", CultureInfo.InvariantCulture)} s.").ConfigureAwait(false);
        if (options.Json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new
            {
                outcome = result.Outcome,
                graduationId = result.GraduationId,
                apps = result.Apps.Select(a => new { name = a.Name, before = a.Before, after = a.After }),
                requests = result.Requests,
                failedRequests = result.FailedRequests,
                workflowId = result.WorkflowId,
                webUi = result.WebUi,
                seconds = result.Seconds,
            }, Json)).ConfigureAwait(false);
        }

        await output.FlushAsync().ConfigureAwait(false);
    }

    private static string Expectation(DemoFailure fail, DemoResult result) => fail switch
    {
        DemoFailure.None => result.Outcome == GraduationOutcome.Completed ? " (both apps went live together)" : "",
        _ when result.Outcome == GraduationOutcome.Failed && result.Apps.All(a => a.Before == a.After) =>
            $" (as asked with --fail {DemoFailures.Name(fail)}: production kept serving the old versions)",
        _ => "",
    };

    private static string FailNote(DemoFailure fail) => fail == DemoFailure.None ? "" : $" (--fail {DemoFailures.Name(fail)})";

    /// <summary>
    /// A fresh directory for this run's hosts under the data directory. As root the hosts run as a <c>dokku</c> user that
    /// must reach their files; when the data directory is private (e.g. under /root) they go under the temp directory.
    /// </summary>
    private static string RunDirectory(string dataDirectory, string stamp)
    {
        var underData = Path.Combine(dataDirectory, "demo", stamp);
        var directory = Environment.UserName == "root" && !OthersCanReach(dataDirectory)
            ? Path.Combine(Path.GetTempPath(), "graduate-demo-" + stamp)
            : underData;
        Directory.CreateDirectory(directory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        return directory;
    }

    private static bool OthersCanReach(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
        {
            if (dir.Exists && (dir.UnixFileMode & UnixFileMode.OtherExecute) == 0)
            {
                return false;
            }
        }

        return true;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
