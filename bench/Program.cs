using Graduate.Bench;

// ./build.sh bench: graduations of 1, 2 and 10 apps on simulated hosts, timed against the apps' own deploys.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

return await BenchRunner.RunAsync(options, stop.Token);
