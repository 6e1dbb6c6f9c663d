namespace Graduate.Dokku.Transport;

/// <summary>Picks the transport for an environment URL.</summary>
public static class DokkuTransports
{
    public static IDokkuTransport Create(EnvironmentUrl url, TransportOptions? options = null) =>
        url.Kind switch
        {
            EnvironmentUrlKind.Local => new LocalTransport(url, options),
            _ => new SshTransport(url, options),
        };

    /// <summary>Parses <paramref name="url"/> (see <see cref="EnvironmentUrl.AcceptedForms"/>) and creates its transport.</summary>
    public static IDokkuTransport Create(string url, TransportOptions? options = null) =>
        Create(EnvironmentUrl.Parse(url), options);
}
