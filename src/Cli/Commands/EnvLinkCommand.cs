using System.CommandLine;
using Graduate.Cli.Configuration;
using Graduate.Cli.Hosts;
using Graduate.Dokku;
using Graduate.Dokku.Exceptions;

namespace Graduate.Cli.Commands;

/// <summary>
/// <c>graduate env link SRC DST</c>: the destination trusts the source's dokku key (what the plugin's
/// <c>graduate:key | sshcommand acl-add</c> did), so the source can push apps to it.
/// </summary>
public sealed class EnvLinkCommand : Command
{
    public static readonly Argument<string> SourceArgument = new("source") { Description = "Environment apps graduate from" };

    public static readonly Argument<string> DestinationArgument = new("destination") { Description = "Environment apps graduate to" };

    public EnvLinkCommand(CliContext context, ConfigStore store)
        : base("link", "Let the source environment push to the destination (adds the source's key there)")
    {
        Arguments.Add(SourceArgument);
        Arguments.Add(DestinationArgument);
        SetAction(async (parseResult, ct) =>
        {
            var config = store.Load();
            var source = ConfigStore.RequireEnvironment(config, parseResult.GetRequiredValue(SourceArgument));
            var destination = ConfigStore.RequireEnvironment(config, parseResult.GetRequiredValue(DestinationArgument));
            if (source == destination)
            {
                throw new CliException(ExitCodes.UsageError, $"Source and destination are both '{source.Name}': link two different environments.");
            }

            var keyName = DokkuNames.KeyName("graduate-" + source.Name);
            var key = await DokkuHosts.For(context, source).GetPublicKeyAsync(ct).ConfigureAwait(false);
            try
            {
                await DokkuHosts.For(context, destination).AddSshKeyAsync(keyName, key, ct).ConfigureAwait(false);
            }
            catch (DokkuCommandException e) when (IsDuplicate(e))
            {
                // Linking twice is harmless: Dokku refuses a key name or key it already has.
                await context.Out.WriteLineAsync($"{destination.Name} already trusts a key named {keyName} (or this key): nothing to do.").ConfigureAwait(false);
                return ExitCodes.Succeeded;
            }

            await context.Out.WriteLineAsync($"Linked {source.Name} -> {destination.Name}: {destination.Name} now trusts {source.Name}'s key as {keyName}.").ConfigureAwait(false);
            return ExitCodes.Succeeded;
        });
    }

    private static bool IsDuplicate(DokkuCommandException e) =>
        (e.ErrorMessage + "\n" + e.StandardError).Contains("Duplicate", StringComparison.OrdinalIgnoreCase);
}
