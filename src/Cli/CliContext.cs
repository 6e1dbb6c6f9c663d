namespace Graduate.Cli;

/// <summary>
/// What the CLI reads from and writes to outside itself: output streams and environment variables. Tests
/// pass their own, so the real root command runs in-process without touching the test's environment.
/// </summary>
public sealed class CliContext
{
    public CliContext(TextWriter output, TextWriter error, Func<string, string?> variables)
    {
        Out = output;
        Error = error;
        Variables = variables;
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    /// <summary>Reads an environment variable (null when unset).</summary>
    public Func<string, string?> Variables { get; }

    /// <summary>The process's own console and environment.</summary>
    public static CliContext FromProcess() => new(Console.Out, Console.Error, Environment.GetEnvironmentVariable);

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
                : Path.Combine(Variables("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
            return Path.Combine(config, "graduate");
        }
    }

    /// <summary>The configuration file, <c>graduate.yml</c> under <see cref="HomeDirectory"/>.</summary>
    public string ConfigPath => Path.Combine(HomeDirectory, "graduate.yml");
}
