using System.Globalization;

namespace Graduate.Bench;

/// <summary>Command line of the bench: <c>[--pollers N] [--no-peer]</c>.</summary>
public sealed record BenchOptions(int? Pollers, bool Peer)
{
    public static BenchOptions? Parse(IReadOnlyList<string> args)
    {
        int? pollers = null;
        var peer = true;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--pollers" when i + 1 < args.Count && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0:
                    pollers = n;
                    i++;
                    break;
                case "--no-peer":
                    peer = false;
                    break;
                default:
                    return null;
            }
        }

        return new BenchOptions(pollers, peer);
    }
}
