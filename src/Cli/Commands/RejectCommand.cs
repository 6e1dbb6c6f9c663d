using System.CommandLine;
using Graduate.Cli.Configuration;
using Graduate.Cli.Graduations;
using Graduate.Cli.Temporal;
using Graduate.Workflows;

namespace Graduate.Cli.Commands;

/// <summary>
/// <c>graduate reject DST --reason TEXT</c>: sends the <c>reject</c> update to the graduation waiting in
/// <c>awaiting-approval</c>; it tears every staged app down (nothing goes live) and ends failed with the reason.
/// </summary>
public sealed class RejectCommand : Command
{
    public static readonly Argument<string> IdArgument = GraduationIdArgument.Create();

    public static readonly Option<string> ReasonOption = new("--reason") { Description = "Why (required): recorded in the graduation's errors", Required = true };

    public RejectCommand(CliContext context, ConfigStore store)
        : base("reject", "Refuse a graduation waiting for approval: nothing goes live")
    {
        Arguments.Add(IdArgument);
        Options.Add(ReasonOption);
        TemporalOptions.AddTo(this);
        SetAction(async (parseResult, ct) =>
        {
            var reason = parseResult.GetRequiredValue(ReasonOption);
            if (string.IsNullOrWhiteSpace(reason))
            {
                throw new CliException(ExitCodes.UsageError, "--reason is empty: say why the graduation is rejected, e.g. --reason \"checkout is broken on staging\".");
            }

            var config = store.Load();
            var id = ApprovalDecision.RequireGraduationId(config, parseResult.GetRequiredValue(IdArgument));
            var settings = await TemporalOptions.ResolveAsync(parseResult, context, config, ct).ConfigureAwait(false);
            var client = await TemporalConnector.ConnectAsync(settings, context, ct).ConfigureAwait(false);
            var by = ApprovalDecision.Approver(context, client);
            await ApprovalDecision.SendAsync(client, id, GraduationContract.RejectUpdate, new RejectRequest(reason, by), ct).ConfigureAwait(false);
            await context.Out.WriteLineAsync($"Rejected {id} as {by}: its staged apps are torn down, nothing goes live; follow it with `graduate watch {id}`.").ConfigureAwait(false);
            return ExitCodes.Succeeded;
        });
    }
}
