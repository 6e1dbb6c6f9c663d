using System.Globalization;
using System.Text.RegularExpressions;

namespace Graduate.Cli.Configuration;

/// <summary>Durations as people write them in graduate.yml and on the command line: <c>30m</c>, <c>2h</c>, <c>1h30m</c>, <c>900s</c> or <c>900</c> (seconds).</summary>
public static partial class Durations
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var value = text?.Trim() ?? "";
        if (value.Length > 0 && value.All(char.IsAsciiDigit))
        {
            if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > int.MaxValue)
            {
                return false;
            }

            duration = TimeSpan.FromSeconds(seconds);
            return true;
        }

        var match = Pattern().Match(value);
        if (!match.Success || value.Length == 0)
        {
            return false;
        }

        long Part(string name) => match.Groups[name].Success ? long.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
        var total = (Part("h") * 3600) + (Part("m") * 60) + Part("s");
        if (total > int.MaxValue)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(total);
        return true;
    }

    /// <summary>The shortest way to write <paramref name="duration"/> back (<c>30m</c>, <c>1h30m</c>, <c>45s</c>).</summary>
    public static string Format(TimeSpan duration)
    {
        var hours = (long)duration.TotalHours;
        var text = (hours > 0 ? $"{hours.ToString(CultureInfo.InvariantCulture)}h" : "")
            + (duration.Minutes > 0 ? $"{duration.Minutes.ToString(CultureInfo.InvariantCulture)}m" : "")
            + (duration.Seconds > 0 ? $"{duration.Seconds.ToString(CultureInfo.InvariantCulture)}s" : "");
        return text.Length == 0 ? "0s" : text;
    }

    [GeneratedRegex(@"\A(?:(?<h>[0-9]{1,4})h)?(?:(?<m>[0-9]{1,5})m)?(?:(?<s>[0-9]{1,7})s)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
