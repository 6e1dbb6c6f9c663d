using System.Text;

namespace Graduate.Testing;

/// <summary>
/// Config values that test how an app's <c>ENV</c> file is written and read: a value with a newline whose second line
/// looks like another key, quotes, shell characters, a number with leading zeros, an empty value, an equals sign.
/// <see cref="EnvLines"/> is what real Dokku v0.38.27 wrote for them (godotenv; seen on the Dokku lab), and the
/// simulator writes the same.
/// </summary>
public static class TrickyConfig
{
    public static IReadOnlyDictionary<string, string> Values { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ZZ_EMPTY"] = string.Empty,
        ["ZZ_EQUALS"] = "a=b",
        ["ZZ_MULTI"] = "line1\nFAKE_KEY=1 \"q\" $x `b` \\ ! 's'",
        ["ZZ_NUMBER"] = "007",
    };

    /// <summary>The <c>ENV</c> file's line for each key, sorted by key.</summary>
    public static IReadOnlyList<string> EnvLines { get; } =
    [
        "ZZ_EMPTY=\"\"",
        "ZZ_EQUALS=\"a=b\"",
        "ZZ_MULTI=\"line1\\nFAKE_KEY=1 \\\"q\\\" \\$x \\`b\\` \\\\ \\! 's'\"",
        "ZZ_NUMBER=7",
    ];

    /// <summary><c>config:set --no-restart --encoded &lt;app&gt; KEY=base64...</c>: newlines survive the ssh command line.</summary>
    public static string[] SetArguments(string app) =>
        ["config:set", "--no-restart", "--encoded", app, .. Values.Select(v => v.Key + "=" + Convert.ToBase64String(Encoding.UTF8.GetBytes(v.Value)))];

    /// <summary><c>config:unset --no-restart &lt;app&gt; KEY...</c>.</summary>
    public static string[] UnsetArguments(string app) => ["config:unset", "--no-restart", app, .. Values.Keys];

    /// <summary>The lines of an <c>ENV</c> file that set these keys.</summary>
    public static IReadOnlyList<string> LinesOf(string envFile) =>
        [.. File.ReadAllLines(envFile).Where(l => Values.Keys.Any(k => l.StartsWith(k + "=", StringComparison.Ordinal))).Order(StringComparer.Ordinal)];
}
