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
        # environments: name -> Dokku host (dokku@host, ssh://dokku@host:port or local:///path)
        # hooks: shell lines run with bash -e on the source host, in order (pre: before staging; post: before go-live)
        # temporal (optional): address, namespace, taskQueue, ui; TEMPORAL_* variables and flags override it
        """;

    public static string Write(GraduateConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var yaml = new StringWriter();
        var emitter = new Emitter(yaml, new EmitterSettings().WithBestWidth(int.MaxValue).WithIndentedSequences());
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        emitter.Emit(new MappingStart());

        Key(emitter, "environments");
        emitter.Emit(new MappingStart(null, null, true, config.Environments.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
        foreach (var environment in config.Environments)
        {
            Key(emitter, environment.Name);
            Value(emitter, environment.Url);
        }

        emitter.Emit(new MappingEnd());

        Key(emitter, "hooks");
        emitter.Emit(new MappingStart());
        List(emitter, "pre", config.PreHooks);
        List(emitter, "post", config.PostHooks);
        emitter.Emit(new MappingEnd());

        if (!config.Temporal.IsEmpty)
        {
            Key(emitter, "temporal");
            emitter.Emit(new MappingStart());
            Optional(emitter, "address", config.Temporal.Address);
            Optional(emitter, "namespace", config.Temporal.Namespace);
            Optional(emitter, "taskQueue", config.Temporal.TaskQueue);
            Optional(emitter, "ui", config.Temporal.Ui);
            emitter.Emit(new MappingEnd());
        }

        emitter.Emit(new MappingEnd());
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        return Header + "\n\n" + SpaceSections(yaml.ToString());
    }

    /// <summary>Writes the file atomically (temp file, then rename), creating its directory.</summary>
    public static void Save(string path, GraduateConfig config)
    {
        var text = Write(config);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        File.WriteAllText(temp, text, new UTF8Encoding(false));
        File.Move(temp, path, overwrite: true);
    }

    private static void Key(Emitter emitter, string key) => emitter.Emit(new Scalar(key));

    private static void Value(Emitter emitter, string value) => emitter.Emit(new Scalar(value));

    private static void Optional(Emitter emitter, string key, string? value)
    {
        if (value is not null)
        {
            Key(emitter, key);
            Value(emitter, value);
        }
    }

    private static void List(Emitter emitter, string key, IReadOnlyList<string> items)
    {
        Key(emitter, key);
        emitter.Emit(new SequenceStart(null, null, true, items.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
        foreach (var item in items)
        {
            Value(emitter, item);
        }

        emitter.Emit(new SequenceEnd());
    }

    // A blank line before each top-level key after the first: sections stand apart as in a hand-written file.
    private static string SpaceSections(string yaml)
    {
        var builder = new StringBuilder();
        var first = true;
        foreach (var line in yaml.Split('\n'))
        {
            if (line.Length > 0 && !char.IsWhiteSpace(line[0]) && !line.StartsWith('-') && !line.StartsWith('#'))
            {
                if (!first)
                {
                    builder.Append('\n');
                }

                first = false;
            }

            builder.Append(line).Append('\n');
        }

        return builder.ToString().TrimEnd('\n') + "\n";
    }
}
