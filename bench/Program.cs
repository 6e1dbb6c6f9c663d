using Graduate.Bench;

// ./build.sh bench: our runtime's figures beside the server's floor and beside the official SDK, one run, one server.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: ./build.sh bench [--pollers N] [--no-peer]   (N: workflow and activity pollers of our worker; default: the worker's defaults)");
    return 2;
}

return await BenchRunner.RunAsync(options, stop.Token);
