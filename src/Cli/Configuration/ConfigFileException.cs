namespace Graduate.Cli.Configuration;

/// <summary>graduate.yml cannot be read: the message names the file, the line and what is wrong.</summary>
public sealed class ConfigFileException : CliException
{
    public ConfigFileException(string path, int line, string problem, Exception? innerException = null)
        : base(ExitCodes.ConfigurationError, $"{path}:{line}: {problem}; fix the file and run again.", innerException)
    {
        Path = path;
        Line = line;
        Problem = problem;
    }

    public string Path { get; }

    /// <summary>1-based line of the mistake.</summary>
    public int Line { get; }

    /// <summary>What is wrong, without the file and line.</summary>
    public string Problem { get; }
}
