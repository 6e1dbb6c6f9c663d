using System.CommandLine;
using Graduate.Cli.Configuration;
using Graduate.Cli.Hosts;
using Graduate.Dokku;
using Graduate.Dokku.Transport;

namespace Graduate.Cli.Commands;

/// <summary><c>graduate env add NAME URL</c>: checks the host runs the graduate plugin, then records it.</summary>
public sealed class EnvAddCommand : Command
{
    public static readonly Argument<string> NameArgument = new("name")
    {
        Description = "Environment name: lowercase letters, digits and '-' (e.g. staging)",
    };

    public static readonly Argument<string> UrlArgument = new("url")
    {
        Description = "Dokku host: dokku@host, ssh://dokku@host:port or local:///path",
    };

    public static readonly Option<bool> AcceptNewHostKeyOption = new("--accept-new-host-key")
    {
        Description = "Trust the host's SSH key if it is not known yet (a changed key is still refused)",
    };

    public static readonly Option<bool> NoCheckOption = new("--no-check")
    {
        Description = "Record the environment without contacting the host",
    };

    public EnvAddCommand(CliContext context, ConfigStore store)
        : base("add", "Add an environment")
    {
        Arguments.Add(NameArgument);
        Arguments.Add(UrlArgument);
        Options.Add(AcceptNewHostKeyOption);
        Options.Add(NoCheckOption);
        SetAction(async (parseResult, ct) =>
        {
            var name = DokkuNames.Environment(parseResult.GetRequiredValue(NameArgument));
            var url = parseResult.GetRequiredValue(UrlArgument);
            if (!EnvironmentUrl.TryParse(url, out var parsed, out var error))
            {
                throw new CliException(ExitCodes.UsageError, $"{error.TrimEnd('.')}: give the host in one of those forms.");
            }

            var config = store.Load();
            if (config.FindEnvironment(name) is { } same && same.Url == url)
            {
                // Adding what is already there is not a mistake: scripts can run `env add` more than once.
                await context.Out.WriteLineAsync($"Environment {name} is already {url}: nothing to do.").ConfigureAwait(false);
                return ExitCodes.Succeeded;
            }

            if (config.FindEnvironment(name) is { } existing)
            {
                throw new CliException(
                    ExitCodes.UsageError,
                    $"Environment '{name}' already exists ({existing.Url}): remove it first with `graduate env rm {name}` or pick another name.");
            }

            if (!parseResult.GetValue(NoCheckOption))
            {
                var client = DokkuHosts.For(context, url, parseResult.GetValue(AcceptNewHostKeyOption));
                var version = await client.GetPluginVersionAsync(ct).ConfigureAwait(false);
                await context.Out.WriteLineAsync($"{parsed.Display} runs the graduate plugin {version}.").ConfigureAwait(false);
            }

            store.Update(c => c with { Environments = [.. c.Environments, new EnvironmentEntry(name, url)] });
            await context.Out.WriteLineAsync($"Added environment {name} ({url}).").ConfigureAwait(false);
            return ExitCodes.Succeeded;
        });
    }
}
