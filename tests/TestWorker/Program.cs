using Graduate.Temporal.Client;
using Graduate.Temporal.Grpc;
using Graduate.Temporal.Worker;
using Graduate.TestWorker;

// A worker as a real OS process, so tests can kill it: Graduate.TestWorker <address> <task-queue> <marker-dir>
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: Graduate.TestWorker <address> <task-queue> <marker-dir>");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var client = await TemporalClient.ConnectAsync(new TemporalClientOptions { Connection = new GrpcConnectionOptions { Address = args[0] } });
var worker = new TemporalWorker(client, SampleWorker.Options(args[1], args[2]));
Console.WriteLine("worker ready");
await worker.ExecuteAsync(stop.Token);
return 0;
