using System.CommandLine;
using System.Globalization;
using System.Net.Sockets;
using Graduate.Cli.Configuration;
using Graduate.Demo;
using Graduate.Worker;

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

    public static readonly Option<string?> TlsCert = new("--tls-cert")
    {
        Description = $"PEM client certificate for mTLS [env: {TemporalVariables.TlsCert}]",
    };

    public static readonly Option<string?> TlsKey = new("--tls-key")
    {
        Description = $"PEM private key of --tls-cert [env: {TemporalVariables.TlsKey}]",
    };

    public static readonly Option<string?> TlsCa = new("--tls-ca")
    {
        Description = $"PEM CA certificate to trust for the server [env: {TemporalVariables.TlsCa}]",
    };

    public static readonly Option<string?> Ui = new("--ui")
    {
        Description = $"Temporal Web UI host:port or URL, for printed links [env: GRADUATE_UI or TEMPORAL_UI_URL, default: the address's host on port {GraduateDefaults.WebUiPort}]",
    };

    private static readonly Option[] All = [Address, Namespace, TaskQueue, ApiKey, TlsCert, TlsKey, TlsCa, Ui];

    /// <summary>Adds every connection flag to <paramref name="command"/>.</summary>
    public static void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in All)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Resolves the settings for this invocation.</summary>
    /// <exception cref="CliException">A variable has an unusable value (configuration error).</exception>
    public static TemporalSettings Resolve(ParseResult parseResult, CliContext context, GraduateConfig config)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(config);
        var fromFile = new TemporalSettings
        {
            Address = config.Temporal.Address ?? GraduateDefaults.TemporalAddress,
            Namespace = config.Temporal.Namespace ?? GraduateDefaults.Namespace,
            TaskQueue = config.Temporal.TaskQueue ?? GraduateDefaults.TaskQueue,
        };
        TemporalSettings settings;
        try
        {
            settings = TemporalSettings.FromEnvironment(context.Variables, fromFile);
        }
        catch (TemporalSettingsException e)
        {
            throw new CliException(ExitCodes.ConfigurationError, e.Message, e);
        }

        return settings with
        {
            Address = parseResult.GetValue(Address) ?? settings.Address,
            Namespace = parseResult.GetValue(Namespace) ?? settings.Namespace,
            TaskQueue = parseResult.GetValue(TaskQueue) ?? settings.TaskQueue,
            ApiKey = parseResult.GetValue(ApiKey) ?? settings.ApiKey,
            TlsCertPath = parseResult.GetValue(TlsCert) ?? settings.TlsCertPath,
            TlsKeyPath = parseResult.GetValue(TlsKey) ?? settings.TlsKeyPath,
            TlsCaPath = parseResult.GetValue(TlsCa) ?? settings.TlsCaPath,
        };
    }

    /// <summary>
    /// Resolves the settings; when nobody chose a server (no --address, TEMPORAL_ADDRESS, graduate.yml address, TLS or API key) and
    /// nothing answers on the default one, starts (or reuses) the embedded dev server under the data directory
    /// and says so in one line, so every command works on one laptop. A chosen address never starts anything.
    /// </summary>
    public static async Task<TemporalSettings> ResolveAsync(ParseResult parseResult, CliContext context, GraduateConfig config, CancellationToken ct)
    {
        var settings = Resolve(parseResult, context, config);
        // Credentials or TLS settings mean a real cluster was meant, even without an address.
        var chosen = parseResult.GetValue(Address) is not null
            || context.Variables(TemporalVariables.Address) is { Length: > 0 }
            || config.Temporal.Address is not null
            || settings.ApiKey is not null || settings.Tls || settings.TlsCertPath is not null || settings.TlsKeyPath is not null
            || settings.TlsCaPath is not null || settings.TlsServerName is not null;
        if (chosen || await AnswersAsync(settings.Address, ct).ConfigureAwait(false))
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
        return settings with { Address = embedded.Address };
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
