using System.Text.RegularExpressions;
using Graduate.Dokku;
using Graduate.Dokku.Exceptions;
using Graduate.Dokku.Transport;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Graduate.Cli.Configuration;

/// <summary>
/// Reads graduate.yml through YamlDotNet's node model rather than a deserializer, so every mistake a hand
/// edit can make is reported with its line and in Graduate's words, not a type-binding error.
/// </summary>
public static partial class ConfigReader
{
    private static readonly string[] TopLevelKeys = ["environments", "hooks", "temporal"];
    private static readonly string[] HookKeys = ["pre", "post"];
    private static readonly string[] TemporalKeys = ["address", "namespace", "taskQueue", "ui"];
    private static readonly string[] EnvironmentKeys = ["url", "approval", "approvalTimeout", "environmentSpecificConfig"];

    /// <summary>Reads <paramref name="path"/>; a missing file is an empty configuration.</summary>
    /// <exception cref="ConfigFileException">The file is not valid YAML or not a valid configuration.</exception>
    public static GraduateConfig Load(string path)
    {
        if (!File.Exists(path))
        {
            return new GraduateConfig();
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses configuration text; <paramref name="path"/> is only used in messages.</summary>
    public static GraduateConfig Parse(string text, string path)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new ConfigFileException(path, LineOf(e.Start), "this is not valid YAML (" + Describe(e) + ")", e);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return new GraduateConfig();
        }

        if (stream.Documents.Count > 1)
        {
            throw new ConfigFileException(path, LineOf(stream.Documents[1].RootNode.Start), "the file holds more than one YAML document (a second '---')");
        }

        var root = stream.Documents[0].RootNode as YamlMappingNode
            ?? throw new ConfigFileException(path, LineOf(stream.Documents[0].RootNode.Start), "the file must be a mapping with the keys environments, hooks and temporal");
        var reader = new Reader(path);
        var config = new GraduateConfig();
        foreach (var (keyNode, value) in root.Children)
        {
            var key = reader.Key(keyNode, TopLevelKeys, "at the top level");
            config = key switch
            {
                "environments" => config with { Environments = reader.Environments(value) },
                "hooks" => reader.Hooks(value, config),
                _ => config with { Temporal = reader.Temporal(value) },
            };
        }

        return config;
    }

    private static int LineOf(Mark mark) => (int)Math.Max(1, mark.Line);

    private static string Describe(YamlException e)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 1, Idx: 20) - (Line: ...): "; the line is reported separately.
        var message = MarkPrefix().Replace(e.Message, "").Trim().TrimEnd('.');
        return message.Length == 0 ? "unreadable YAML" : char.ToLowerInvariant(message[0]) + message[1..];
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*", RegexOptions.CultureInvariant)]
    private static partial Regex MarkPrefix();

    private sealed class Reader(string path)
    {
        public string Key(YamlNode node, string[] allowed, string where)
        {
            var key = node is YamlScalarNode { Value: { } value } ? value : null;
            if (key is null || !allowed.Contains(key, StringComparer.Ordinal))
            {
                throw Error(node, $"unknown key '{Shown(key)}' {where} (expected {string.Join(", ", allowed)})");
            }

            return key;
        }

        public List<EnvironmentEntry> Environments(YamlNode node)
        {
            if (IsEmpty(node))
            {
                return [];
            }

            var mapping = node as YamlMappingNode
                ?? throw Error(node, "'environments' must map each environment name to its Dokku host, e.g. 'staging: dokku@staging.example.com'");
            var entries = new List<EnvironmentEntry>();
            foreach (var (keyNode, valueNode) in mapping.Children)
            {
                var name = (keyNode as YamlScalarNode)?.Value ?? "";
                try
                {
                    DokkuNames.Environment(name);
                }
                catch (DokkuValidationException e)
                {
                    throw Error(keyNode, e.Message.TrimEnd('.'));
                }

                entries.Add(valueNode is YamlMappingNode settings ? Environment(name, settings) : new EnvironmentEntry(name, Url(name, valueNode)));
            }

            return entries;
        }

        /// <summary>The mapping form: <c>url</c> and the environment's settings.</summary>
        private EnvironmentEntry Environment(string name, YamlMappingNode settings)
        {
            string? url = null;
            var entry = new EnvironmentEntry(name, "");
            foreach (var (keyNode, valueNode) in settings.Children)
            {
                switch (Key(keyNode, EnvironmentKeys, $"under environment '{name}'"))
                {
                    case "url":
                        url = Url(name, valueNode);
                        break;
                    case "approval":
                        entry = entry with
                        {
                            ApprovalRequired = (valueNode as YamlScalarNode)?.Value switch
                            {
                                "required" => true,
                                "none" => false,
                                var other => throw Error(valueNode, $"'approval' of environment '{name}' is '{Shown(other)}': write 'required' (graduations to it wait for `graduate approve`) or 'none'"),
                            },
                        };
                        break;
                    case "approvalTimeout":
                        entry = entry with { ApprovalTimeout = Duration(valueNode, $"'approvalTimeout' of environment '{name}'") };
                        break;
                    default:
                        entry = entry with { EnvironmentSpecificConfig = ConfigKeys(valueNode, name) };
                        break;
                }
            }

            return entry with { Url = url ?? throw Error(settings, $"environment '{name}' needs 'url: <its Dokku host>' ({EnvironmentUrl.AcceptedForms})") };
        }

        private string Url(string name, YamlNode node)
        {
            if (node is not YamlScalarNode { Value: { Length: > 0 } url })
            {
                throw Error(node, $"environment '{name}' needs a Dokku host URL ({EnvironmentUrl.AcceptedForms})");
            }

            if (!EnvironmentUrl.TryParse(url, out _, out var error))
            {
                throw Error(node, $"environment '{name}': {error.TrimEnd('.')}");
            }

            return url;
        }

        private TimeSpan Duration(YamlNode node, string what)
        {
            var text = (node as YamlScalarNode)?.Value ?? "";
            return Durations.TryParse(text, out var duration) && duration > TimeSpan.Zero && duration <= EnvironmentEntry.LongestApprovalTimeout
                ? duration
                : throw Error(node, $"{what} is '{Shown(text)}': write a duration from 1s to 168h, such as 30m, 2h or 900s");
        }

        private List<string> ConfigKeys(YamlNode node, string name)
        {
            var sequence = node as YamlSequenceNode
                ?? throw Error(node, $"'environmentSpecificConfig' of environment '{name}' must be a list of config key names, e.g. [SENTRY_ENVIRONMENT]");
            var keys = new List<string>();
            foreach (var item in sequence.Children)
            {
                if (item is not YamlScalarNode { Value: { } key } || !IsConfigKey(key))
                {
                    throw Error(item, $"'{Shown((item as YamlScalarNode)?.Value)}' in 'environmentSpecificConfig' of environment '{name}' is not a config key name (letters, digits and _, not starting with a digit)");
                }

                keys.Add(key);
            }

            return keys;
        }

        public GraduateConfig Hooks(YamlNode node, GraduateConfig config)
        {
            if (IsEmpty(node))
            {
                return config;
            }

            var mapping = node as YamlMappingNode
                ?? throw Error(node, "'hooks' must be a mapping with the lists 'pre' and 'post'");
            foreach (var (keyNode, valueNode) in mapping.Children)
            {
                var key = Key(keyNode, HookKeys, "under 'hooks'");
                var hooks = HookList(valueNode, key);
                config = config.WithHooks(key == "pre" ? HookKind.Pre : HookKind.Post, hooks);
            }

            return config;
        }

        public TemporalSection Temporal(YamlNode node)
        {
            if (IsEmpty(node))
            {
                return new TemporalSection();
            }

            var mapping = node as YamlMappingNode
                ?? throw Error(node, "'temporal' must be a mapping with some of: " + string.Join(", ", TemporalKeys));
            var section = new TemporalSection();
            foreach (var (keyNode, valueNode) in mapping.Children)
            {
                var key = Key(keyNode, TemporalKeys, "under 'temporal'");
                if (valueNode is not YamlScalarNode { Value: { Length: > 0 } value })
                {
                    throw Error(valueNode, $"'temporal.{key}' must be a single value");
                }

                section = key switch
                {
                    "address" => section with { Address = value },
                    "namespace" => section with { Namespace = value },
                    "taskQueue" => section with { TaskQueue = value },
                    _ => section with { Ui = value },
                };
            }

            return section;
        }

        private List<string> HookList(YamlNode node, string key)
        {
            if (IsEmpty(node))
            {
                return [];
            }

            var sequence = node as YamlSequenceNode
                ?? throw Error(node, $"'hooks.{key}' must be a list of shell commands, one '- command' a line");
            var hooks = new List<string>();
            foreach (var item in sequence.Children)
            {
                if (item is not YamlScalarNode { Value: { } command } || string.IsNullOrWhiteSpace(command))
                {
                    throw Error(item, $"each entry of 'hooks.{key}' must be a non-empty shell command");
                }

                hooks.Add(command);
            }

            return hooks;
        }

        private static bool IsConfigKey(string key)
        {
            try
            {
                DokkuNames.ConfigKey(key);
                return true;
            }
            catch (DokkuValidationException)
            {
                return false;
            }
        }

        private static bool IsEmpty(YamlNode node) =>
            node is YamlScalarNode { Value: null or "" or "~" or "null", Style: ScalarStyle.Plain or ScalarStyle.Any };

        private ConfigFileException Error(YamlNode node, string problem) => new(path, LineOf(node.Start), problem);

        private static string Shown(string? value) =>
            value is null ? "(not a name)" : new string([.. value.Take(60).Select(c => char.IsControl(c) ? '?' : c)]);
    }
}
