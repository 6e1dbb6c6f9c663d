namespace Graduate.Dokku.Transport;

/// <summary>
/// A Dokku command line built from arguments, e.g. <c>apps:exists portal</c>. Every argument
/// must pass <see cref="DokkuNames.Word"/> (callers validate the specific kind of name
/// first); this is the last line of defence, so nothing that needs quoting can be sent by
/// mistake. The same <see cref="CommandLine"/> is what ssh sends and what the local
/// transport puts in <c>SSH_ORIGINAL_COMMAND</c>.
/// </summary>
public sealed class RemoteCommand
{
    private RemoteCommand(IReadOnlyList<string> arguments)
    {
        Arguments = arguments;
        CommandLine = ShellQuoting.Join(arguments);
    }

    /// <summary>The Dokku subcommand followed by its arguments.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>The quoted command line sent to the host.</summary>
    public string CommandLine { get; }

    public static RemoteCommand Create(string subcommand, params IEnumerable<string> arguments)
    {
        var all = new List<string> { DokkuNames.Word(subcommand) };
        foreach (var argument in arguments)
        {
            all.Add(DokkuNames.Word(argument));
        }

        return new RemoteCommand(all.AsReadOnly());
    }

    public override string ToString() => CommandLine;
}
