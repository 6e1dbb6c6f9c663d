using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Graduate.Cli.Configuration;

/// <summary>
/// Writes graduate.yml the way a person would: a short header, block style, one blank line between
/// sections, empty lists as <c>[]</c>. YamlDotNet's emitter does the quoting, so any hook command
/// (with <c>$VARS</c>, colons or quotes) reads back exactly as written.
/// </summary>
public static class ConfigWriter
{
    private const string Header =
        """
        # Graduate configuration. `graduate env ...` and `graduate hooks ...` edit this file; hand edits are fine.
        # environments: name -> Dokku host (dokku@host, ssh://dokku@host:port or local:///path), or a mapping of
        # url, approval (required|none), approvalTimeout (30m) and environmentSpecificConfig ([KEY, ...])
        # hooks: shell lines run with bash -e on the source host, in order (pre: before staging; post: before go-live)
        # temporal (optional): address, namespace, taskQueue, ui; TEMPORAL_* variables and flags override it
        """;

    /// <summary>
    /// The file's text. With <paramref name="comments"/> (those of the file being changed) each comment goes back
    /// above its entry; without (a new file) a short header explains the file.
    /// </summary>
    public static string Write(GraduateConfig config, ConfigComments? comments = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var notes = new Notes(comments);
        var yaml = new StringWriter();
        var emitter = new Emitter(yaml, new EmitterSettings().WithBestWidth(int.MaxValue).WithIndentedSequences());
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        emitter.Emit(new MappingStart());

        notes.Key(emitter, "environments");
        emitter.Emit(new MappingStart(null, null, true, config.Environments.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
        foreach (var environment in config.Environments)
        {
            notes.Key(emitter, "environments", environment.Name);
            if (!environment.HasSettings)
            {
                Value(emitter, environment.Url);
                continue;
            }

            emitter.Emit(new MappingStart());
            notes.Key(emitter, "environments", environment.Name, "url");
            Value(emitter, environment.Url);
            if (environment.ApprovalRequired)
            {
                notes.Key(emitter, "environments", environment.Name, "approval");
                Value(emitter, "required");
            }

            if (environment.ApprovalTimeout is { } timeout)
            {
                notes.Key(emitter, "environments", environment.Name, "approvalTimeout");
                Value(emitter, Durations.Format(timeout));
            }

            if (environment.EnvironmentSpecificConfig.Count > 0)
            {
                notes.Key(emitter, "environments", environment.Name, "environmentSpecificConfig");
                emitter.Emit(new SequenceStart(null, null, true, SequenceStyle.Flow));
                foreach (var key in environment.EnvironmentSpecificConfig)
                {
                    Value(emitter, key);
                }

                emitter.Emit(new SequenceEnd());
            }

            emitter.Emit(new MappingEnd());
        }

        emitter.Emit(new MappingEnd());

        notes.Key(emitter, "hooks");
        emitter.Emit(new MappingStart());
        List(emitter, notes, "pre", config.PreHooks);
        List(emitter, notes, "post", config.PostHooks);
        emitter.Emit(new MappingEnd());

        if (!config.Temporal.IsEmpty)
        {
            notes.Key(emitter, "temporal");
            emitter.Emit(new MappingStart());
            Optional(emitter, notes, "address", config.Temporal.Address);
            Optional(emitter, notes, "namespace", config.Temporal.Namespace);
            Optional(emitter, notes, "taskQueue", config.Temporal.TaskQueue);
            Optional(emitter, notes, "ui", config.Temporal.Ui);
            emitter.Emit(new MappingEnd());
        }

        emitter.Emit(new MappingEnd());
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        var trailing = string.Concat((comments?.Trailing ?? []).Select(c => "# " + c + "\n"));
        return (comments is null ? Header + "\n" : "") + Tidy(yaml.ToString()) + (trailing.Length > 0 ? "\n" + trailing : "");
    }

    /// <summary>Writes the file atomically (temp file, then rename), creating its directory.</summary>
    public static void Save(string path, GraduateConfig config, ConfigComments? comments = null)
    {
        var text = Write(config, comments);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        File.WriteAllText(temp, text, new UTF8Encoding(false));
        File.Move(temp, path, overwrite: true);
    }

    private static void Value(Emitter emitter, string value) => emitter.Emit(new Scalar(value));

    private static void Optional(Emitter emitter, Notes notes, string key, string? value)
    {
        if (value is not null)
        {
            notes.Key(emitter, "temporal", key);
            Value(emitter, value);
        }
    }

    private static void List(Emitter emitter, Notes notes, string key, IReadOnlyList<string> items)
    {
        notes.Key(emitter, "hooks", key);
        emitter.Emit(new SequenceStart(null, null, true, items.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
        foreach (var item in items)
        {
            notes.Comments(emitter, ConfigComments.ItemAnchor(ConfigComments.KeyAnchor("hooks", key), item));
            Value(emitter, item);
        }

        emitter.Emit(new SequenceEnd());
    }

    // A blank line before each top-level key after the first (above the comments that belong to it), and
    // every comment indented like the line it stands above.
    private static string Tidy(string yaml)
    {
        var lines = yaml.TrimEnd('\n').Split('\n');
        var output = new List<string>(lines.Length + 4);
        var seenKey = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (IsComment(line))
            {
                var next = lines.Skip(i + 1).FirstOrDefault(l => !IsComment(l)) ?? "";
                output.Add(new string(' ', next.Length - next.TrimStart().Length) + line.TrimStart());
                continue;
            }

            if (line.Length > 0 && !char.IsWhiteSpace(line[0]) && line[0] != '-')
            {
                if (seenKey)
                {
                    var at = output.Count;
                    while (at > 0 && IsComment(output[at - 1]))
                    {
                        at--;
                    }

                    output.Insert(at, "");
                }

                seenKey = true;
            }

            output.Add(line);
        }

        return string.Join('\n', output) + "\n";
    }

    private static bool IsComment(string line) => line.TrimStart().StartsWith('#');

    /// <summary>Puts remembered comments back above their entries.</summary>
    private sealed class Notes(ConfigComments? comments)
    {
        public void Key(Emitter emitter, params string[] keys)
        {
            Comments(emitter, ConfigComments.KeyAnchor(keys));
            emitter.Emit(new Scalar(keys[^1]));
        }

        public void Comments(Emitter emitter, string anchor)
        {
            foreach (var comment in comments?.Before(anchor) ?? [])
            {
                emitter.Emit(new Comment(comment, false));
            }
        }
    }
}
