using Graduate.Testing;
using Graduate.Workflows;
using Temporalio.Client;
using Temporalio.Worker;

namespace Graduate.Cli.Tests;

/// <summary>One dev server for the CLI tests, with a stub Graduation worker on its own task queue.</summary>
public sealed class CliTemporalFixture : IAsyncLifetime
{
    private readonly CancellationTokenSource stopWorker = new();
    private Task? workerRun;

    public TemporalDevServer Server { get; private set; } = null!;

    /// <summary>A client with Graduate's data converter, as the CLI connects.</summary>
    public TemporalClient Client { get; private set; } = null!;

    /// <summary>The stub worker's task queue (pass it with --task-queue).</summary>
    public string TaskQueue { get; } = "cli-stub-" + Guid.NewGuid().ToString("N")[..8];

    public async Task InitializeAsync()
    {
        Server = await TemporalDevServer.StartAsync();
        Client = await TemporalClient.ConnectAsync(new(Server.Address) { DataConverter = GraduateDataConverter.Instance });
        var worker = new TemporalWorker(Client, new TemporalWorkerOptions(TaskQueue).AddWorkflow<StubGraduationWorkflow>());
        workerRun = worker.ExecuteAsync(stopWorker.Token);
    }

    /// <summary>A home whose CLI talks to this server, with environments staging and <paramref name="destination"/>.</summary>
    public async Task<GraduateHome> HomeAsync(string destination)
    {
        var home = new GraduateHome()
            .Set("TEMPORAL_ADDRESS", Server.Address)
            .Set("GRADUATE_UI", $"127.0.0.1:{Server.UiPort}");
        await home.RunAsync("env add staging dokku@staging.example.com --no-check");
        await home.RunAsync($"env add {destination} ssh://dokku@{destination}.example.com:2222 --no-check");
        await home.RunAsync("hooks add POST ssh dokku@$ENVIRONMENT_URL run portal rake db:migrate");
        return home;
    }

    public async Task DisposeAsync()
    {
        await stopWorker.CancelAsync();
        if (workerRun is not null)
        {
            try
            {
                await workerRun;
            }
            catch (OperationCanceledException)
            {
            }
        }

        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        stopWorker.Dispose();
    }
}
