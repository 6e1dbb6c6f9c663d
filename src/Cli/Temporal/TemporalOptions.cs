using System.CommandLine;
using System.Globalization;
using System.Net.Sockets;
using Graduate.Cli.Configuration;
using Graduate.Demo;
using Graduate.Worker;
using Temporalio.Common.EnvConfig;

namespace Graduate.Cli.Temporal;

/// <summary>
/// The Temporal connection flags, shared by every command that talks to Temporal. Precedence: flag, then
/// the temporal CLI's variable (TEMPORAL_ADDRESS, ...), then graduate.yml's <c>temporal:</c>, then the default.
/// </summary>
public static class TemporalOptions
{
    public static readonly Option<string?> Address = new("--address")
    {
        Description = $"Temporal frontend host:port [env: {TemporalVariables.Address}, default: {GraduateDefaults.TemporalAddress}]",
    };

    public static readonly Option<string?> Namespace = new("--namespace", "-n")
    {
        Description = $"Temporal namespace [env: {TemporalVariables.Namespace}, default: {GraduateDefaults.Namespace}]",
    };

    public static readonly Option<string?> TaskQueue = new("--task-queue")
    {
        Description = $"Task queue of the Graduate worker [env: {TemporalVariables.TaskQueue}, default: {GraduateDefaults.TaskQueue}]",
    };

    public static readonly Option<string?> ApiKey = new("--api-key")
    {
        Description = $"Temporal Cloud API key [env: {TemporalVariables.ApiKey}]",
    };

    public static readonly Option<string?> TlsCert = new("--tls-cert-path", "--tls-cert")
    {
        Description = $"PEM client certificate for mTLS [env: {TemporalVariables.TlsCertPath}]",
    };

    public static readonly Option<string?> TlsKey = new("--tls-key-path", "--tls-key")
    {
        Description = $"PEM private key of --tls-cert-path [env: {TemporalVariables.TlsKeyPath}]",
    };

    public static readonly Option<string?> TlsCa = new("--tls-ca-path", "--tls-ca")
    {
        Description = $"PEM CA certificate to trust for the server [env: {TemporalVariables.TlsCaPath}]",
    };

    public static readonly Option<string?> Profile = new("--profile")
    {
        Description = $"Profile of the temporal CLI's config file to use [env: {TemporalVariables.Profile}, default: default]",
    };

    public static readonly Option<string?> ConfigFile = new("--config-file")
    {
        Description = $"The temporal CLI's config file (TOML) [env: {TemporalVariables.ConfigFile}, default: ~/.config/temporalio/temporal.toml]",
    };

    public static readonly Option<string?> Ui = new("--ui")
    {
        Description = $"Temporal Web UI host:port or URL, for printed links [env: GRADUATE_UI or TEMPORAL_UI_URL, default: the address's host on port {GraduateDefaults.WebUiPort}]",
    };

    private static readonly Option[] All = [Address, Namespace, TaskQueue, ApiKey, TlsCert, TlsKey, TlsCa, Profile, ConfigFile, Ui];

    /// <summary>Adds every connection flag to <paramref name="command"/>.</summary>
    public static void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in All)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>
    /// Resolves the settings for this invocation: the temporal CLI's configuration (its TOML profile under the
    /// TEMPORAL_* variables) with graduate.yml's <c>temporal:</c> between the two, and the flags over everything.
    /// </summary>
    /// <exception cref="CliException">The configuration cannot be used (configuration error).</exception>
    public static TemporalSettings Resolve(ParseResult parseResult, CliContext context, GraduateConfig config)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(config);
        var environment = context.Environment.ToDictionary(StringComparer.Ordinal);
        if (parseResult.GetValue(Profile) is { } profile)
        {
            environment[TemporalVariables.Profile] = profile;
        }

        if (parseResult.GetValue(ConfigFile) is { } file)
        {
            environment[TemporalVariables.ConfigFile] = file;
        }

        TemporalSettings settings;
        try
        {
            settings = TemporalSettings.Load(environment, new ClientEnvConfig.Profile(config.Temporal.Address, config.Temporal.Namespace));
        }
        catch (TemporalSettingsException e)
        {
            throw new CliException(ExitCodes.ConfigurationError, e.Message, e);
        }

        var (cert, key, ca) = (parseResult.GetValue(TlsCert), parseResult.GetValue(TlsKey), parseResult.GetValue(TlsCa));
        var flags = new ClientEnvConfig.Profile(
            parseResult.GetValue(Address),
            parseResult.GetValue(Namespace),
            parseResult.GetValue(ApiKey),
            cert is null && key is null && ca is null
                ? null
                : new ClientEnvConfig.Tls(
                    ServerRootCACert: ca is null ? null : DataSource.FromPath(ca),
                    ClientCert: cert is null ? null : DataSource.FromPath(cert),
                    ClientPrivateKey: key is null ? null : DataSource.FromPath(key)));
        var taskQueue = parseResult.GetValue(TaskQueue)
            ?? (context.Variables(TemporalVariables.TaskQueue) is { Length: > 0 } fromEnv ? fromEnv : null)
            ?? config.Temporal.TaskQueue
            ?? GraduateDefaults.TaskQueue;
        return settings.Over(flags) with { TaskQueue = taskQueue };
    }

    /// <summary>
    /// Resolves the settings; when nobody chose a server (no address, TLS or API key in flags, variables, graduate.yml
    /// or the temporal CLI's profile) and nothing answers on the default one, starts (or reuses) the embedded dev
    /// server under the data directory and says so in one line, so every command works on one laptop. A chosen
    /// server never starts anything.
    /// </summary>
    public static async Task<TemporalSettings> ResolveAsync(ParseResult parseResult, CliContext context, GraduateConfig config, CancellationToken ct)
    {
        var settings = Resolve(parseResult, context, config);
        if (settings.ServerChosen || await AnswersAsync(settings.Address, ct).ConfigureAwait(false))
        {
            return settings;
        }

        EmbeddedTemporal embedded;
        try
        {
            embedded = await EmbeddedTemporal.StartOrReuseAsync(DataDirectory.Resolve(context.Variables), context.Variables, ct).ConfigureAwait(false);
        }
        catch (DemoException e)
        {
            throw new CliException(
                ExitCodes.Unreachable,
                $"Nothing answers on {settings.Address} and the embedded Temporal could not start: {e.Message}",
                e);
        }

        await context.Error.WriteLineAsync($"{embedded.Describe()} (nothing answers on {settings.Address}; set {TemporalVariables.Address} to use another server)").ConfigureAwait(false);
        return settings.Over(new ClientEnvConfig.Profile(Address: embedded.Address));
    }

    private static async Task<bool> AnswersAsync(string address, CancellationToken ct)
    {
        var colon = address.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(address[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            return true; // Not ours to judge: let the connection report it.
        }

        using var socket = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            await socket.ConnectAsync(address[..colon].Trim('[', ']'), port, timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Base URL of the Web UI: --ui, GRADUATE_UI, TEMPORAL_UI_URL, graduate.yml's temporal.ui, else the address's host on 8233.</summary>
    public static string ResolveUi(ParseResult parseResult, CliContext context, GraduateConfig config, TemporalSettings settings)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(settings);
        var ui = parseResult.GetValue(Ui)
            ?? (context.Variables("GRADUATE_UI") is { Length: > 0 } fromEnv ? fromEnv : null)
            ?? (context.Variables("TEMPORAL_UI_URL") is { Length: > 0 } fromCompose ? fromCompose : null)
            ?? config.Temporal.Ui;
        if (ui is null && EmbeddedTemporal.ReadState(DataDirectory.Resolve(context.Variables)) is { } embedded && embedded.Address == settings.Address)
        {
            ui = $"http://127.0.0.1:{embedded.UiPort.ToString(CultureInfo.InvariantCulture)}";
        }

        if (ui is null)
        {
            var address = settings.Address;
            var colon = address.LastIndexOf(':');
            var host = colon > 0 && !address.EndsWith(']') ? address[..colon] : address;
            ui = $"{host}:{GraduateDefaults.WebUiPort}";
        }

        return (ui.Contains("://", StringComparison.Ordinal) ? ui : "http://" + ui).TrimEnd('/');
    }
}
