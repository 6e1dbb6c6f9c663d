using System.CommandLine;
using Graduate.Cli.Configuration;
using Graduate.Cli.Graduations;
using Graduate.Cli.Temporal;
using Graduate.Workflows;

namespace Graduate.Cli.Commands;

/// <summary>
/// <c>graduate approve DST [--note TEXT]</c>: sends the <c>approve</c> update to the graduation waiting in
/// <c>awaiting-approval</c>, which then puts every staged app live together. Refused, naming the phase, when nothing waits.
/// </summary>
public sealed class ApproveCommand : Command
{
    public static readonly Argument<string> IdArgument = GraduationIdArgument.Create();

    public static readonly Option<string?> NoteOption = new("--note") { Description = "Recorded with the approval (status, result, the tag's manifest)" };

    public ApproveCommand(CliContext context, ConfigStore store)
        : base("approve", "Let a graduation waiting for approval go live")
    {
        Arguments.Add(IdArgument);
        Options.Add(NoteOption);
        TemporalOptions.AddTo(this);
        SetAction(async (parseResult, ct) =>
        {
            var config = store.Load();
            var id = ApprovalDecision.RequireGraduationId(config, parseResult.GetRequiredValue(IdArgument));
            var settings = await TemporalOptions.ResolveAsync(parseResult, context, config, ct).ConfigureAwait(false);
            var client = await TemporalConnector.ConnectAsync(settings, context, ct).ConfigureAwait(false);
            var by = ApprovalDecision.Approver(context, client);
            await ApprovalDecision.SendAsync(client, id, GraduationContract.ApproveUpdate, new ApproveRequest(parseResult.GetValue(NoteOption), by), ct).ConfigureAwait(false);
            await context.Out.WriteLineAsync($"Approved {id} as {by}: it goes live now; follow it with `graduate watch {id}`.").ConfigureAwait(false);
            return ExitCodes.Succeeded;
        });
    }
}
