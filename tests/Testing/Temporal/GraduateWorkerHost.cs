using Graduate.Activities;
using Graduate.Dokku.Transport;
using Graduate.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Graduate.Testing;

/// <summary>The product worker host (src/Worker's <c>AddGraduateWorker</c>) for graduations run by tests.</summary>
public static class GraduateWorkerHost
{
    /// <summary>
    /// The worker host as src/Worker builds it, with a 1 s graceful shutdown so restarts are quick.
    /// <paramref name="pollInterval"/> paces its looks at gates and jobs (the simulated deploys take about a
    /// second: 200 ms; real Dokku: every look is a Dokku command there, so slower); <paramref name="tearDownWait"/>
    /// is how long a teardown waits for refused pushes to end.
    /// </summary>
    public static IHost Build(string address, string taskQueue, TransportOptions transport, TimeSpan? pollInterval = null, TimeSpan? tearDownWait = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(new GraduateActivityOptions
        {
            PollInterval = pollInterval ?? TimeSpan.FromMilliseconds(200),
            TearDownWait = tearDownWait ?? TimeSpan.FromSeconds(30),
        });
        builder.Services.AddGraduateWorker(
            new TemporalSettings { Profile = new(Address: address), TaskQueue = taskQueue },
            transport: transport,
            configure: options => options.GracefulShutdownTimeout = TimeSpan.FromSeconds(1));
        return builder.Build();
    }
}
