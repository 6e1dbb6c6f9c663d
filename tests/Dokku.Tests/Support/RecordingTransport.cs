using Graduate.Dokku.Transport;

namespace Graduate.Dokku.Tests.Support;

/// <summary>
/// An in-memory transport: records every command and answers from a script. A test that
/// expects validation to fail asserts <see cref="Commands"/> stayed empty, i.e. nothing was
/// ever sent.
/// </summary>
internal sealed class RecordingTransport : IDokkuTransport
{
    private readonly Queue<Func<RemoteCommand, CommandResult>> answers = new();

    public List<(RemoteCommand Command, CommandOptions? Options)> Commands { get; } = [];

    public string Target => "fake@host";

    public RecordingTransport Answer(int exitCode, string stdout = "", string stderr = "")
    {
        answers.Enqueue(command => Result(command, exitCode, stdout, stderr));
        return this;
    }

    public Task<CommandResult> ExecuteAsync(RemoteCommand command, CommandOptions? options, CancellationToken cancellationToken)
    {
        Commands.Add((command, options));
        var answer = answers.Count > 0 ? answers.Dequeue() : (c => Result(c, 0, "", ""));
        return Task.FromResult(answer(command));
    }

    private CommandResult Result(RemoteCommand command, int exitCode, string stdout, string stderr) =>
        new(Target, command.CommandLine, exitCode, stdout, stderr, [.. Lines(stdout, OutputStream.StandardOutput), .. Lines(stderr, OutputStream.StandardError)], TimeSpan.Zero);

    private static IEnumerable<OutputLine> Lines(string text, OutputStream stream) =>
        text.Length == 0 ? [] : text.TrimEnd('\n').Split('\n').Select(l => new OutputLine(stream, l));
}
