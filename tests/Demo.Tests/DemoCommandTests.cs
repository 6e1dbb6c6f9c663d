using System.Diagnostics;
using System.Text.Json;
using Graduate.Cli;
using Xunit.Abstractions;

namespace Graduate.Demo.Tests;

/// <summary>
/// `graduate demo` through the CLI, in process, once per mode: a real embedded Temporal server (shared by the class),
/// the in-process worker, simulated hosts over real ssh, production's public URLs asked every 50 ms.
/// </summary>
public sealed class DemoCommandTests(DemoDataFixture data, ITestOutputHelper output) : IClassFixture<DemoDataFixture>
{
    private static readonly string[] Apps = ["portal", "webservices"];

    [Fact]
    public async Task Demo_Default_CompletedEveryAppUpgradedNoFailedRequest()
    {
        var (exitCode, stdout, result) = await RunDemoAsync(["demo", "--json"]);

        Assert.Equal(ExitCodes.Succeeded, exitCode);
        Assert.Equal("completed", result.GetProperty("outcome").GetString());
        Assert.StartsWith("graduate-production", result.GetProperty("graduationId").GetString(), StringComparison.Ordinal);
        var apps = result.GetProperty("apps").EnumerateArray().ToList();
        Assert.Equal(Apps, apps.Select(a => a.GetProperty("name").GetString()));
        Assert.All(apps, a => Assert.Equal("v1", a.GetProperty("before").GetString()));
        Assert.All(apps, a => Assert.Equal("v2", a.GetProperty("after").GetString()));
        Assert.True(result.GetProperty("requests").GetInt32() > 20, "the demo asked production's URLs throughout");
        Assert.Equal(0, result.GetProperty("failedRequests").GetInt32());
        Assert.Contains("Web UI: http://127.0.0.1:", stdout, StringComparison.Ordinal);
        Assert.Contains("graduate demo --fail", stdout, StringComparison.Ordinal);
        Assert.Contains("embedded Temporal server keeps running", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pre-hook")]
    [InlineData("checks")]
    [InlineData("post-hook")]
    [InlineData("go-live")]
    public async Task Demo_Fail_FailedProductionKeepsServingTheOldVersionsNoFailedRequest(string step)
    {
        var (exitCode, stdout, result) = await RunDemoAsync(["demo", "--json", "--fail", step]);

        Assert.Equal("failed", result.GetProperty("outcome").GetString());
        var apps = result.GetProperty("apps").EnumerateArray().ToList();
        Assert.Equal(Apps, apps.Select(a => a.GetProperty("name").GetString()));
        Assert.All(apps, a => Assert.Equal("v1", a.GetProperty("before").GetString()));
        Assert.All(apps, a => Assert.Equal(a.GetProperty("before").GetString(), a.GetProperty("after").GetString()));
        Assert.True(result.GetProperty("requests").GetInt32() > 0);
        Assert.Equal(0, result.GetProperty("failedRequests").GetInt32());
        // The demo did what was asked, so it exits 0.
        Assert.Equal(ExitCodes.Succeeded, exitCode);
        Assert.Contains($"as asked with --fail {step}", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_InterruptedWhileGraduating_Exit130HostsTornDownGraduationTerminated()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        using var stdout = new SignallingWriter("Graduating staging -> production");
        using var stderr = new StringWriter();
        var run = GraduateCli.InvokeAsync(["demo"], new CliContext(stdout, stderr, Worker.WorkerServiceCollectionExtensions.ProcessEnvironment()), cts.Token);
        await stdout.Seen.WaitAsync(cts.Token);
        await cts.CancelAsync();
        var exitCode = await run;
        output.WriteLine(stdout + stderr.ToString());

        Assert.Equal(130, exitCode);
        Assert.Contains("Interrupted", stderr.ToString(), StringComparison.Ordinal);
        var runs = Path.Combine(data.DataDirectory, "demo");
        Assert.True(!Directory.Exists(runs) || Directory.GetFileSystemEntries(runs).Length == 0, "the run's directory is deleted");
        var workflowId = stdout.ToString().Split('\n').First(l => l.StartsWith("Graduating", StringComparison.Ordinal)).Split(": ")[^1].Trim();
        var state = EmbeddedTemporal.ReadState(data.DataDirectory)!;
        var client = await Temporalio.Client.TemporalClient.ConnectAsync(new(state.Address));
        var describe = await client.GetWorkflowHandle(workflowId).DescribeAsync();
        Assert.Equal(Temporalio.Api.Enums.V1.WorkflowExecutionStatus.Terminated, describe.Status);
    }

    [Fact]
    public async Task Demo_UnknownFailStep_UsageError()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await GraduateCli.InvokeAsync(["demo", "--fail", "everything"], new CliContext(stdout, stderr, Worker.WorkerServiceCollectionExtensions.ProcessEnvironment()));

        Assert.Equal(ExitCodes.UsageError, exitCode);
        Assert.Contains("'go-live'", stderr.ToString(), StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, string Stdout, JsonElement Result)> RunDemoAsync(string[] args)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var clock = Stopwatch.StartNew();
        var exitCode = await GraduateCli.InvokeAsync(args, new CliContext(stdout, stderr, Worker.WorkerServiceCollectionExtensions.ProcessEnvironment()), cts.Token);
        output.WriteLine($"graduate {string.Join(' ', args)}: exit {exitCode} after {clock.Elapsed.TotalSeconds:0.0} s");
        output.WriteLine(stdout.ToString());
        output.WriteLine(stderr.ToString());
        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length > 0, "no output: " + stderr);
        Assert.StartsWith("Temporal: ", lines[0], StringComparison.Ordinal);
        // Every demo of the class runs on the one embedded server its data directory records.
        Assert.NotNull(EmbeddedTemporal.ReadState(data.DataDirectory));
        using var document = JsonDocument.Parse(lines[^1]);
        return (exitCode, stdout.ToString(), document.RootElement.Clone());
    }
}
