namespace Graduate.Cli;

/// <summary>
/// What the CLI reads from and writes to outside itself: output streams and environment variables. Tests
/// pass their own, so the real root command runs in-process without touching the test's environment.
/// </summary>
public sealed class CliContext
{
    public CliContext(TextWriter output, TextWriter error, IReadOnlyDictionary<string, string> environment, TextReader? input = null, bool terminal = false)
    {
        Out = output;
        Error = error;
        Environment = environment;
        Variables = name => environment.TryGetValue(name, out var value) ? value : null;
        In = input ?? TextReader.Null;
        IsTerminal = terminal;
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    /// <summary>Where answers to questions come from (a terminal's keyboard; nothing in tests and pipes).</summary>
    public TextReader In { get; }

    /// <summary>
    /// Whether a person watches: output and input are a terminal. Then progress is one view updated in place and
    /// <c>start</c> asks before it acts; otherwise output is line by line and nothing is asked.
    /// </summary>
    public bool IsTerminal { get; }

    /// <summary>Every environment variable this run sees.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>Reads an environment variable (null when unset).</summary>
    public Func<string, string?> Variables { get; }

    /// <summary>The process's own console and environment.</summary>
    public static CliContext FromProcess()
    {
        var environment = Worker.WorkerServiceCollectionExtensions.ProcessEnvironment();
        var terminal = !Console.IsOutputRedirected && !Console.IsInputRedirected
            && !(environment.TryGetValue("TERM", out var term) && term == "dumb") && !environment.ContainsKey("CI");
        return new(Console.Out, Console.Error, environment, Console.In, terminal);
    }

    /// <summary>Where graduate.yml lives: <c>$GRADUATE_HOME</c>, else <c>~/.config/graduate</c> (XDG_CONFIG_HOME respected).</summary>
    public string HomeDirectory
    {
        get
        {
            if (Variables("GRADUATE_HOME") is { Length: > 0 } home)
            {
                return Path.GetFullPath(home);
            }

            var config = Variables("XDG_CONFIG_HOME") is { Length: > 0 } xdg
                ? xdg
                : Path.Combine(Variables("HOME") is { Length: > 0 } h ? h : System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".config");
            return Path.Combine(config, "graduate");
        }
    }

    /// <summary>The configuration file, <c>graduate.yml</c> under <see cref="HomeDirectory"/>.</summary>
    public string ConfigPath => Path.Combine(HomeDirectory, "graduate.yml");
}
