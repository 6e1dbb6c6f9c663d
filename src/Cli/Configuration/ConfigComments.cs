using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Graduate.Cli.Configuration;

/// <summary>
/// The comments a person wrote in graduate.yml, remembered by what they stand above (a key such as
/// <c>environments/staging</c>, or a list item such as <c>hooks/pre/- ./check.sh</c>), so the CLI can write
/// them back above the same entry after a change. Comments on an entry that is removed go with it; a
/// comment at the end of a line moves above its entry. Best effort: if YamlDotNet cannot place the
/// comments, they are not kept, and the change still goes through.
/// </summary>
public sealed class ConfigComments
{
    private readonly Dictionary<string, List<string>> before = new(StringComparer.Ordinal);
    private readonly List<string> trailing = [];

    private ConfigComments()
    {
    }

    /// <summary>Comments after the last entry.</summary>
    public IReadOnlyList<string> Trailing => trailing;

    /// <summary>The anchor of an environment, hook list or setting: its keys joined with '/'.</summary>
    public static string KeyAnchor(params string[] keys) => string.Join('/', keys);

    /// <summary>The anchor of a list item: its list's anchor, then "- " and the item.</summary>
    public static string ItemAnchor(string listAnchor, string item) => listAnchor + "/- " + item;

    /// <summary>Comments standing above <paramref name="anchor"/>, in order.</summary>
    public IReadOnlyList<string> Before(string anchor) => before.TryGetValue(anchor, out var comments) ? comments : [];

    public static ConfigComments Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var comments = new ConfigComments();

        // YamlDotNet's parser rejects comments after the last entry of a nested block: take those off first.
        var lines = text.ReplaceLineEndings("\n").Split('\n').ToList();
        var end = lines.Count;
        while (end > 0 && (lines[end - 1].Trim().Length == 0 || lines[end - 1].TrimStart().StartsWith('#')))
        {
            end--;
        }

        comments.trailing.AddRange(lines.Skip(end).Select(l => l.Trim()).Where(l => l.StartsWith('#')).Select(l => l[1..].Trim()));
        try
        {
            comments.Walk(string.Join('\n', lines.Take(end)) + "\n");
        }
        catch (YamlException)
        {
            comments.before.Clear();
        }

        return comments;
    }

    private void Walk(string text)
    {
        var parser = new Parser(new Scanner(new StringReader(text), skipComments: false));
        var frames = new Stack<Frame>();
        var pending = new List<string>();
        string? lastAnchor = null;
        string? lastKey = null;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case Comment { IsInline: true } inline when lastAnchor is not null:
                    Attach(lastAnchor, [inline.Value]);
                    break;
                case Comment comment:
                    pending.Add(comment.Value);
                    break;
                case MappingStart:
                    frames.Push(new Frame(true, lastKey ?? ""));
                    break;
                case SequenceStart:
                    frames.Push(new Frame(false, lastKey ?? ""));
                    break;
                case MappingEnd or SequenceEnd:
                    frames.Pop();
                    if (frames.TryPeek(out var parent) && parent.IsMapping)
                    {
                        parent.ExpectKey = true;
                    }

                    break;
                case Scalar scalar when frames.TryPeek(out var frame):
                    if (frame.IsMapping && frame.ExpectKey)
                    {
                        lastAnchor = lastKey = frame.Path.Length == 0 ? scalar.Value : frame.Path + "/" + scalar.Value;
                        frame.ExpectKey = false;
                    }
                    else if (frame.IsMapping)
                    {
                        frame.ExpectKey = true;
                        continue;
                    }
                    else
                    {
                        lastAnchor = ItemAnchor(frame.Path, scalar.Value);
                    }

                    Attach(lastAnchor, pending);
                    pending.Clear();
                    break;
            }
        }

        trailing.InsertRange(0, pending);
    }

    private void Attach(string anchor, List<string> comments)
    {
        if (comments.Count == 0)
        {
            return;
        }

        if (!before.TryGetValue(anchor, out var list))
        {
            before[anchor] = list = [];
        }

        list.AddRange(comments.Select(c => c.Trim()));
    }

    private sealed class Frame(bool isMapping, string path)
    {
        public bool IsMapping { get; } = isMapping;

        public string Path { get; } = path;

        public bool ExpectKey { get; set; } = isMapping;
    }
}
