using System.Runtime.InteropServices;
using Graduate.Bench;

// ./build.sh bench: graduations of 1, 2 and 10 apps on simulated hosts, timed against the apps' own deploys.
// Ctrl+C or SIGTERM stops it the orderly way, so the hosts and the dev server are torn down.
using var stop = new CancellationTokenSource();
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

return await BenchRunner.RunAsync(options, stop.Token);
