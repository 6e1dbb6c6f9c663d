using System.CommandLine;
using Graduate.Cli.Graduations;
using Graduate.Demo;

namespace Graduate.Cli.Commands;

/// <summary>
/// <c>graduate demo [--fail pre-hook|checks|post-hook|go-live] [--json]</c>: a whole graduation with nothing else
/// running (src/Demo): the embedded Temporal server, an in-process worker and two simulated Dokku hosts, followed
/// live with the same watcher as <c>graduate watch</c>. Exits 0 when it showed what it set out to (a completed
/// graduation, or with --fail a failed one that left production as it was), 1 otherwise, 5 without a Temporal CLI.
/// </summary>
public sealed class DemoCommand : Command
{
    public static readonly Option<string?> FailOption = CreateFailOption();

    public static readonly Option<bool> JsonOption = new("--json") { Description = "Print JSON; the last line is the demo's result" };

    public DemoCommand(CliContext context)
        : base("demo", "Graduate two simulated environments (staging -> production) on an embedded Temporal server, with live progress")
    {
        Options.Add(FailOption);
        Options.Add(JsonOption);
        SetAction(async (parseResult, ct) =>
        {
            var output = context.Out;
            var fail = parseResult.GetValue(FailOption) is { } name ? DemoFailures.ByName[name] : DemoFailure.None;
            var json = parseResult.GetValue(JsonOption);
            var watcher = (Temporalio.Client.ITemporalClient client, string id, CancellationToken token) =>
                (Task)new GraduationWatcher(client, context, TimeProvider.System).WatchAsync(id, json, token);
            try
            {
                var (_, exitCode) = await DemoRunner.RunAsync(
                    new DemoOptions(fail, json, output, context.Variables, new FollowGraduationAsync(watcher)), ct).ConfigureAwait(false);
                return exitCode;
            }
            catch (DemoException e)
            {
                throw new CliException(e.ExitCode, e.Message, e);
            }
        });
    }

    private static Option<string?> CreateFailOption()
    {
        var option = new Option<string?>("--fail")
        {
            Description = "Make one step fail: pre-hook, checks, post-hook or go-live (production keeps serving the old versions)",
        };
        option.AcceptOnlyFromAmong([.. DemoFailures.ByName.Keys]);
        return option;
    }
}
