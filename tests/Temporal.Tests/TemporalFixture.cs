using Graduate.Temporal.Client;
using Graduate.Temporal.Grpc;
using Graduate.Temporal.Worker;
using Graduate.Testing;
using Graduate.TestWorker;

namespace Graduate.Temporal.Tests;

/// <summary>One dev server for the whole run, with an in-process sample worker on its own task queue.</summary>
public sealed class TemporalFixture : IAsyncLifetime
{
    private readonly CancellationTokenSource stopWorker = new();
    private Task? workerRun;

    public TemporalDevServer? Server { get; private set; }

    public TemporalClient Client { get; private set; } = null!;

    public string TaskQueue { get; } = "samples-" + Guid.NewGuid().ToString("N")[..8];

    public string MarkerDir { get; } = Directory.CreateTempSubdirectory("graduate-markers-").FullName;

    public async Task InitializeAsync()
    {
        Server = await TemporalDevServer.StartAsync(["GraduateTestKeyword=Keyword"]);
        Client = await ConnectAsync();
        var worker = new TemporalWorker(Client, SampleWorker.Options(TaskQueue, MarkerDir));
        workerRun = worker.ExecuteAsync(stopWorker.Token);
    }

    public Task<TemporalClient> ConnectAsync() =>
        TemporalClient.ConnectAsync(new TemporalClientOptions { Connection = new GrpcConnectionOptions { Address = Server!.Address } });

    public StartWorkflowOptions Options(string prefix) => new()
    {
        Id = $"{prefix}-{Guid.NewGuid():N}",
        TaskQueue = TaskQueue,
    };

    public async Task DisposeAsync()
    {
        await stopWorker.CancelAsync();
        if (workerRun is not null)
        {
            await workerRun;
        }

        (Client as IDisposable)?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        stopWorker.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class TemporalCollection : ICollectionFixture<TemporalFixture>
{
    public const string Name = "temporal";
}
