using Graduate.Cli.Configuration;
using Graduate.Dokku;
using Graduate.Dokku.Transport;
using Graduate.Worker;

namespace Graduate.Cli.Hosts;

/// <summary>Dokku clients for configured environments, over the same ssh settings as the worker.</summary>
public static class DokkuHosts
{
    public static DokkuClient For(CliContext context, EnvironmentEntry environment, bool acceptNewHostKey = false)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return For(context, environment.Url, acceptNewHostKey);
    }

    public static DokkuClient For(CliContext context, string url, bool acceptNewHostKey = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        var transport = DokkuTransportSettings.FromEnvironment(context.Variables, acceptNewHostKey);
        return new DokkuClient(DokkuTransports.Create(EnvironmentUrl.Parse(url), transport));
    }
}
