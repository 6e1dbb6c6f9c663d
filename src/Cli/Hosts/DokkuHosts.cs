using Graduate.Cli.Configuration;
using Graduate.Dokku;
using Graduate.Dokku.Transport;

namespace Graduate.Cli.Hosts;

/// <summary>Dokku clients for configured environments.</summary>
public static class DokkuHosts
{
    public static DokkuClient For(EnvironmentEntry environment, bool acceptNewHostKey = false)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var url = EnvironmentUrl.Parse(environment.Url);
        return new DokkuClient(DokkuTransports.Create(url, new TransportOptions { AcceptNewHostKey = acceptNewHostKey }));
    }

    public static DokkuClient For(string url, bool acceptNewHostKey = false) =>
        new(DokkuTransports.Create(EnvironmentUrl.Parse(url), new TransportOptions { AcceptNewHostKey = acceptNewHostKey }));
}
