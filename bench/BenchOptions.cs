using System.Globalization;

namespace Graduate.Bench;

/// <summary>The benchmark's command line.</summary>
internal sealed record BenchOptions
{
    public const string Usage =
        "usage: ./build.sh bench [--sizes 1,2,10] [--ssh-sharing on|off|both] [--poll-ms N] [--probe-ms N] [--post-hook CMD] [--check-delay S] [--no-warmup]\n" +
        "  --sizes        graduations to run, by number of apps (default 1,2,10)\n" +
        "  --ssh-sharing  share one ssh connection per host (on, the default), connect per command (off), or run every size both ways\n" +
        "  --poll-ms      the activities' poll interval (default: the product's, 1000)\n" +
        "  --probe-ms     how often each public URL is polled around go-live (default 15)\n" +
        "  --post-hook    one POST hook for every graduation (default: none)\n" +
        "  --check-delay  seconds each app's healthcheck waits before its first attempt (app.json initialDelay), so a\n" +
        "                 deploy waits as a real container's start does (default 0: the simulator's bare deploy)\n" +
        "  --no-warmup    skip the uncounted 1-app graduation that warms up the worker";

    public IReadOnlyList<int> Sizes { get; init; } = [1, 2, 10];

    /// <summary>Connection sharing for each pass over the sizes: [true], [false] or [false, true].</summary>
    public IReadOnlyList<bool> SshSharing { get; init; } = [true];

    public TimeSpan? PollInterval { get; init; }

    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromMilliseconds(15);

    public string? PostHook { get; init; }

    public bool Warmup { get; init; } = true;

    /// <summary>The healthcheck's <c>initialDelay</c> of every generic app.</summary>
    public TimeSpan CheckDelay { get; init; } = TimeSpan.Zero;

    /// <summary>The options, or null when the command line is wrong.</summary>
    public static BenchOptions? Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string? Value() => i + 1 < args.Count ? args[++i] : null;
            switch (args[i])
            {
                case "--sizes" when Value() is { } sizes:
                    var parsed = sizes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 50 ? n : 0).ToList();
                    if (parsed.Count == 0 || parsed.Contains(0))
                    {
                        return null;
                    }

                    options = options with { Sizes = parsed };
                    break;
                case "--ssh-sharing" when Value() is { } sharing:
                    IReadOnlyList<bool>? modes = sharing switch
                    {
                        "on" => [true],
                        "off" => [false],
                        "both" => [false, true],
                        _ => null,
                    };
                    if (modes is null)
                    {
                        return null;
                    }

                    options = options with { SshSharing = modes };
                    break;
                case "--poll-ms" when Milliseconds(Value()) is { } poll:
                    options = options with { PollInterval = poll };
                    break;
                case "--probe-ms" when Milliseconds(Value()) is { } probe:
                    options = options with { ProbeInterval = probe };
                    break;
                case "--post-hook" when Value() is { Length: > 0 } hook:
                    options = options with { PostHook = hook };
                    break;
                case "--check-delay" when int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var delay) && delay <= 60:
                    options = options with { CheckDelay = TimeSpan.FromSeconds(delay) };
                    break;
                case "--no-warmup":
                    options = options with { Warmup = false };
                    break;
                default:
                    return null;
            }
        }

        return options;
    }

    private static TimeSpan? Milliseconds(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms > 0 ? TimeSpan.FromMilliseconds(ms) : null;
}
