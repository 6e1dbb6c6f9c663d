namespace Graduate.Cli.Tests;

/// <summary>
/// A throwaway GRADUATE_HOME plus the variables one CLI run sees; runs the real root command in-process
/// with its own output streams, so nothing touches the test process's environment.
/// </summary>
public sealed class GraduateHome : IDisposable
{
    private readonly Dictionary<string, string> variables = new(StringComparer.Ordinal);

    public GraduateHome()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("graduate-home-").FullName;
        variables["GRADUATE_HOME"] = Directory;
        variables["HOME"] = Directory;
    }

    public string Directory { get; }

    public string ConfigPath => Path.Combine(Directory, "graduate.yml");

    public GraduateHome Set(string name, string value)
    {
        variables[name] = value;
        return this;
    }

    /// <summary>Runs one command line (split as a shell would) through the real root command.</summary>
    public async Task<CliResult> RunAsync(string commandLine, CancellationToken ct = default)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, variables);
        var code = await GraduateCli.InvokeAsync(commandLine, context, ct);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>Runs one command line as in a terminal (<see cref="CliContext.IsTerminal"/>), typing <paramref name="typed"/>.</summary>
    public async Task<CliResult> RunInTerminalAsync(string commandLine, string typed, CancellationToken ct = default)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var input = new StringReader(typed);
        var context = new CliContext(output, error, variables, input, terminal: true);
        var code = await GraduateCli.InvokeAsync(commandLine, context, ct);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>Runs with arguments given one by one (for values with spaces and quotes).</summary>
    public async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, variables);
        var code = await GraduateCli.InvokeAsync(args, context);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    public string ReadConfig() => File.Exists(ConfigPath) ? File.ReadAllText(ConfigPath) : "";

    public void WriteConfig(string text) => File.WriteAllText(ConfigPath, text);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
