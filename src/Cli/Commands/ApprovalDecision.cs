using Graduate.Cli.Configuration;
using Graduate.Cli.Graduations;
using Graduate.Cli.Temporal;
using Graduate.Dokku;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Graduate.Cli.Commands;

/// <summary>What <c>approve</c> and <c>reject</c> share: checking the destination, naming the approver, sending the update.</summary>
internal static class ApprovalDecision
{
    /// <summary>
    /// The workflow id of the graduation to <paramref name="idOrDestination"/>, refused (before any connection) when the
    /// name is not a valid environment name or not an environment of graduate.yml.
    /// </summary>
    public static string RequireGraduationId(GraduateConfig config, string idOrDestination)
    {
        var id = GraduationContract.NormalizeId(idOrDestination);
        var destination = DokkuNames.Environment(id[GraduationContract.IdPrefix.Length..]);
        ConfigStore.RequireEnvironment(config, destination);
        return id;
    }

    /// <summary>Who decides: the user's login name (<c>$USER</c>, <c>$LOGNAME</c>), else the Temporal client's identity.</summary>
    public static string Approver(CliContext context, ITemporalClient client) =>
        context.Variables("USER") is { Length: > 0 } user ? user
        : context.Variables("LOGNAME") is { Length: > 0 } login ? login
        : client.Connection.Options.Identity ?? "graduate";

    /// <summary>Sends the update and waits for its answer; a refusal (nothing awaits approval) becomes one sentence, exit 2.</summary>
    public static async Task SendAsync(ITemporalClient client, string id, string update, object request, CancellationToken ct)
    {
        try
        {
            await client.GetWorkflowHandle(id).ExecuteUpdateAsync(
                update,
                [request],
                new WorkflowUpdateOptions { Rpc = new() { CancellationToken = ct } }).ConfigureAwait(false);
        }
        catch (WorkflowUpdateFailedException e)
        {
            var reason = e.InnerException?.Message ?? e.Message;
            throw new CliException(ExitCodes.UsageError, $"{reason.TrimEnd('.')}: see where it stands with `graduate status {id}`.", e);
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            throw new CliException(ExitCodes.UsageError, $"There is no running graduation {id}, so nothing waits for approval: see the graduations with `graduate list`.", e);
        }
    }
}
