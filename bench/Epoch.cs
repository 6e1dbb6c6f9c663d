using System.Globalization;

namespace Graduate.Bench;

/// <summary>Parses bash's <c>$EPOCHREALTIME</c> ("seconds.microseconds") without losing the microseconds to a double.</summary>
internal static class Epoch
{
    public static bool TryParse(string text, out DateTimeOffset at)
    {
        at = default;
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var secondsText = dot < 0 ? text : text[..dot];
        var fraction = dot < 0 ? string.Empty : text[(dot + 1)..];
        if (!long.TryParse(secondsText, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || (fraction.Length > 0 && !fraction.All(char.IsAsciiDigit)))
        {
            return false;
        }

        var micro = fraction.Length == 0 ? 0 : long.Parse(fraction.PadRight(6, '0')[..6], CultureInfo.InvariantCulture);
        at = DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(micro * 10);
        return true;
    }
}
