using System.CommandLine;

namespace Graduate.Cli.Commands;

/// <summary>The graduation argument: its workflow id (<c>graduate-production</c>) or just the destination (<c>production</c>).</summary>
public static class GraduationIdArgument
{
    public static Argument<string> Create() =>
        new("id") { Description = "Graduation id (graduate-DST) or the destination environment's name" };
}
