namespace Graduate.Bench;

/// <summary>
/// Reads a simulated host's <c>run/commands.log</c> ("&lt;epoch s.us&gt; &lt;key name&gt; &lt;client ip:port&gt; &lt;command
/// line&gt;"): every command that reached the host, so a graduation's round trips can be counted by who sent them, over
/// which ssh connection, and what they were.
/// </summary>
internal static class CommandLog
{
    public static long Length(string path) => DeployLog.Length(path);

    /// <summary>Commands logged after offset <paramref name="from"/>: (key name, connection, command word), e.g. ("admin", "127.0.0.1:40312", "graduate:jobs").</summary>
    public static IReadOnlyList<(string Key, string Connection, string Command)> Read(string path, long from)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Seek(Math.Min(from, stream.Length), SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        var commands = new List<(string, string, string)>();
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split(' ', 5);
            if (parts.Length >= 4 && Epoch.TryParse(parts[0], out _))
            {
                commands.Add((parts[1], parts[2], parts[3]));
            }
        }

        return commands;
    }
}
