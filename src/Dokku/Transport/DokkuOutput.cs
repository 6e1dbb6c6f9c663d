namespace Graduate.Dokku.Transport;

/// <summary>Reads Dokku's output conventions (" !     " errors, "-----> " info lines).</summary>
public static class DokkuOutput
{
    /// <summary>The marker Dokku puts before every error line.</summary>
    public const string ErrorMarker = " !     ";

    public static IReadOnlyList<string> ErrorLines(string text)
    {
        var lines = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            // Some Dokku paths print the marker without the leading space.
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith('!') && (trimmed.Length == 1 || trimmed[1] == ' '))
            {
                lines.Add(trimmed[1..].Trim());
            }
        }

        return lines;
    }

    /// <summary>
    /// The most useful one-paragraph explanation of a failure: Dokku's error lines if any,
    /// else the last few non-empty stderr lines.
    /// </summary>
    public static string FailureMessage(string standardError)
    {
        var errors = ErrorLines(standardError);
        if (errors.Count > 0)
        {
            return string.Join(" ", errors.Where(e => e.Length > 0));
        }

        var tail = standardError
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .TakeLast(3);
        var message = string.Join(" ", tail);
        return message.Length > 0 ? message : "(no error output)";
    }
}
