using System.Globalization;

namespace Graduate.Bench;

/// <summary>The benchmark's command line.</summary>
internal sealed record BenchOptions
{
    public const string Usage =
        "usage: ./build.sh bench [--sizes 1,2,10] [--poll-ms N] [--probe-ms N] [--post-hook CMD] [--no-warmup]\n" +
        "  --sizes      graduations to run, by number of apps (default 1,2,10)\n" +
        "  --poll-ms    the activities' poll interval (default: the product's, 1000)\n" +
        "  --probe-ms   how often each public URL is polled around go-live (default 15)\n" +
        "  --post-hook  one POST hook for every graduation (default: none)\n" +
        "  --no-warmup  skip the uncounted 1-app graduation that warms up the worker";

    public IReadOnlyList<int> Sizes { get; init; } = [1, 2, 10];

    public TimeSpan? PollInterval { get; init; }

    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromMilliseconds(15);

    public string? PostHook { get; init; }

    public bool Warmup { get; init; } = true;

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
                case "--poll-ms" when Milliseconds(Value()) is { } poll:
                    options = options with { PollInterval = poll };
                    break;
                case "--probe-ms" when Milliseconds(Value()) is { } probe:
                    options = options with { ProbeInterval = probe };
                    break;
                case "--post-hook" when Value() is { Length: > 0 } hook:
                    options = options with { PostHook = hook };
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
