using Spectre.Console;

namespace Graduate.Cli;

/// <summary>The Spectre.Console that <c>plan</c> and <c>history</c> print their tables on: styled in a terminal, plain text in a pipe.</summary>
public static class TableConsole
{
    /// <summary>How wide tables may grow in a pipe, which has no width of its own: a readable log line.</summary>
    public const int PipeWidth = 160;

    public static IAnsiConsole Create(TextWriter output, bool terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!terminal)
        {
            console.Profile.Width = PipeWidth;
        }

        return console;
    }
}
