namespace Graduate.Demo;

/// <summary>A problem the person running the demo can fix: one sentence saying what to do, and the exit code for it.</summary>
public sealed class DemoException : Exception
{
    public DemoException()
    {
    }

    public DemoException(string message)
        : base(message)
    {
    }

    public DemoException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DemoException(int exitCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    /// <summary>The CLI's exit code (ExitCodes in src/Cli): 5 when there is no Temporal to start or reach, 4 for a bad setup.</summary>
    public int ExitCode { get; } = DemoExitCodes.Unreachable;
}
