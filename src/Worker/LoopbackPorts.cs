using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Graduate.Worker;

/// <summary>
/// Picks loopback ports for a Temporal dev server we start ourselves (the embedded default, the tests' servers).
/// </summary>
public static class LoopbackPorts
{
    private const int DefaultEphemeralStart = 32768;
    private const int RangeWidth = 12768;
    private const int Attempts = 200;

    /// <summary>
    /// A port nothing listens on now, picked at random BELOW the kernel's ephemeral range. A port the kernel picks
    /// (bind to 0) is one it may give next to any outgoing connection (ssh, probes, gRPC) before the dev server binds
    /// it; under CI's load that lost a server one of its ports after its frontend had already answered.
    /// </summary>
    public static int Free()
    {
        var ephemeralStart = EphemeralStart();
        var low = Math.Max(1024, ephemeralStart - RangeWidth);
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var port = Random.Shared.Next(low, Math.Max(low + 1, ephemeralStart));
            if (IsFree(port))
            {
                return port;
            }
        }

        using var any = new TcpListener(IPAddress.Loopback, 0);
        any.Start();
        return ((IPEndPoint)any.LocalEndpoint).Port;
    }

    /// <summary>Whether a listener can bind <paramref name="port"/> on loopback right now.</summary>
    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int EphemeralStart()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return DefaultEphemeralStart;
        }
    }
}
