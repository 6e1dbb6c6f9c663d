namespace Graduate.Bench;

/// <summary>Reads a simulated host's <c>run/deploy.log</c> ("&lt;epoch s.us&gt; &lt;app&gt; &lt;step&gt; [detail]", see tests/hosts/README.md).</summary>
internal static class DeployLog
{
    /// <summary>The plugin whose check-deploy holds a staged release (the graduate plugin's companion, <c>zzz-graduate-gate</c>).</summary>
    private const string GatePluginMarker = "graduate";

    /// <summary>How far the log has been written, to read only what a run adds after it.</summary>
    public static long Length(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    public static IReadOnlyList<DeployEvent> Read(string path, long from)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Seek(Math.Min(from, stream.Length), SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        var events = new List<DeployEvent>();
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split(' ', 4);
            // A line still being written has no newline yet and may be cut short: skip what does not parse.
            if (parts.Length >= 3 && Epoch.TryParse(parts[0], out var at))
            {
                events.Add(new DeployEvent(at, parts[1], parts[2], parts.Length > 3 ? parts[3] : string.Empty));
            }
        }

        return events;
    }

    /// <summary>Each app's last deploy among <paramref name="events"/> (the one a graduation made, when read from its start).</summary>
    public static IReadOnlyDictionary<string, AppDeploy> Deploys(IEnumerable<DeployEvent> events)
    {
        var deploys = new Dictionary<string, AppDeploy>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (e.Step == "receive")
            {
                deploys[e.App] = new AppDeploy(e.App, e.At, null, null, null, null, false);
                continue;
            }

            if (!deploys.TryGetValue(e.App, out var deploy))
            {
                continue;
            }

            deploys[e.App] = e.Step switch
            {
                "check-deploy-start" when IsGate(e) => deploy with { GateEntered = e.At },
                "check-deploy-end" when IsGate(e) => deploy with { GateLeft = e.At },
                "switched" => deploy with { Switched = e.At },
                "deployed" => deploy with { Ended = e.At },
                "failed" => deploy with { Ended = e.At, Failed = true },
                _ => deploy,
            };
        }

        return deploys;
    }

    /// <summary>Apps whose deploy has entered the gate (is held there, or was).</summary>
    public static IReadOnlySet<string> AtGate(IEnumerable<DeployEvent> events) =>
        events.Where(e => e.Step == "check-deploy-start" && IsGate(e)).Select(e => e.App).ToHashSet(StringComparer.Ordinal);

    private static bool IsGate(DeployEvent e) => e.Detail.Contains(GatePluginMarker, StringComparison.Ordinal);
}
