using System.Text;

namespace Graduate.Demo.Tests;

/// <summary>A thread-safe output that completes <see cref="Seen"/> once a line starting with a prefix was written.</summary>
internal sealed class SignallingWriter(string prefix) : TextWriter
{
    private readonly StringBuilder text = new();
    private readonly TaskCompletionSource seen = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override Encoding Encoding => Encoding.UTF8;

    public Task Seen => seen.Task;

    public override void Write(char value)
    {
        lock (text)
        {
            text.Append(value);
            if (value == '\n')
            {
                var lines = text.ToString().Split('\n');
                if (lines.Length >= 2 && lines[^2].StartsWith(prefix, StringComparison.Ordinal))
                {
                    seen.TrySetResult();
                }
            }
        }
    }

    public override string ToString()
    {
        lock (text)
        {
            return text.ToString();
        }
    }
}
