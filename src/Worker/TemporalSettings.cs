using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Graduate.Workflows;
using Temporalio.Client;
using Temporalio.Common.EnvConfig;

namespace Graduate.Worker;

/// <summary>
/// Where Graduate finds Temporal. The connection is the <c>temporal</c> CLI's own configuration, read by the SDK's
/// <see cref="ClientEnvConfig"/>: a profile (<c>TEMPORAL_PROFILE</c>, default <c>default</c>) of its TOML file
/// (<c>TEMPORAL_CONFIG_FILE</c>, default <c>~/.config/temporalio/temporal.toml</c>) under the <c>TEMPORAL_*</c>
/// variables. The CLI puts graduate.yml between the file and the variables and its flags over everything
/// (<see cref="Load"/>, <see cref="Over"/>). Certificate files are read only by <see cref="ToConnectOptions"/>.
/// </summary>
public sealed record TemporalSettings
{
    public ClientEnvConfig.Profile Profile { get; init; } = new();

    public string TaskQueue { get; init; } = GraduateDefaults.TaskQueue;

    public string Address => Profile.Address ?? GraduateDefaults.TemporalAddress;

    public string Namespace => Profile.Namespace ?? GraduateDefaults.Namespace;

    /// <summary>True when anything names a server, credentials or TLS: then no embedded server may stand in.</summary>
    public bool ServerChosen => Profile.Address is not null || Profile.ApiKey is not null || Profile.Tls is not null;

    /// <summary>
    /// Loads the settings from <paramref name="environment"/> as the <c>temporal</c> CLI would, with
    /// <paramref name="belowVariables"/> (graduate.yml) over the config file but under the variables.
    /// </summary>
    /// <exception cref="TemporalSettingsException">The config file or a variable cannot be used.</exception>
    public static TemporalSettings Load(IReadOnlyDictionary<string, string> environment, ClientEnvConfig.Profile? belowVariables = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var variables = environment.Where(v => v.Key.StartsWith(TemporalVariables.Prefix, StringComparison.Ordinal) && v.Value.Length > 0)
            .ToDictionary(v => v.Key, v => v.Value.Trim(), StringComparer.Ordinal);
        if (variables.TryGetValue(TemporalVariables.Tls, out var tls) && !bool.TryParse(tls, out _) && tls is not ("1" or "0"))
        {
            throw new TemporalSettingsException($"{TemporalVariables.Tls}={tls} is not a boolean: set it to true or false.");
        }

        if (variables.TryGetValue(TemporalVariables.ConfigFile, out var named) && !File.Exists(named))
        {
            throw new TemporalSettingsException($"{TemporalVariables.ConfigFile}={named} does not exist: point it at the temporal CLI's config file (temporal.toml), or unset it.");
        }

        var options = new ClientEnvConfig.ProfileLoadOptions { OverrideEnvVars = variables };
        if (!variables.ContainsKey(TemporalVariables.ConfigFile) && DefaultConfigFile(environment) is { } file && File.Exists(file))
        {
            options.ConfigSource = DataSource.FromPath(file);
        }

        var profile = LoadProfile(options, variables);
        if (belowVariables is not null)
        {
            var fromVariables = LoadProfile(new ClientEnvConfig.ProfileLoadOptions { OverrideEnvVars = variables, DisableFile = true }, variables);
            profile = Overlay(Overlay(profile, belowVariables), fromVariables);
        }

        var taskQueue = environment.TryGetValue(TemporalVariables.TaskQueue, out var queue) && queue.Trim().Length > 0 ? queue.Trim() : GraduateDefaults.TaskQueue;
        return new TemporalSettings { Profile = profile, TaskQueue = taskQueue };
    }

    /// <summary>These settings with every value <paramref name="overrides"/> sets taking precedence (flags).</summary>
    public TemporalSettings Over(ClientEnvConfig.Profile overrides) => this with { Profile = Overlay(Profile, overrides) };

    /// <summary>Connection options for the SDK client, with Graduate's data converter; reads the certificate files.</summary>
    /// <exception cref="TemporalSettingsException">A file is missing or not PEM, or only one of certificate and key is set.</exception>
    public TemporalClientConnectOptions ToConnectOptions()
    {
        if (string.IsNullOrWhiteSpace(Address))
        {
            throw new TemporalSettingsException($"The Temporal address is empty: set {TemporalVariables.Address} or --address to host:port.");
        }

        if (Profile.Tls is { Disabled: not true } tls)
        {
            if ((tls.ClientCert is null) != (tls.ClientPrivateKey is null))
            {
                throw new TemporalSettingsException(
                    $"Only one of the client certificate ({TemporalVariables.TlsCertPath}, --tls-cert-path) and its key ({TemporalVariables.TlsKeyPath}, --tls-key-path) is set: set both PEM files, or neither.");
            }

            var cert = Read(tls.ClientCert, "client certificate");
            var key = Read(tls.ClientPrivateKey, "client key");
            var ca = Read(tls.ServerRootCACert, "CA certificate");
            if (cert is not null && key is not null)
            {
                Check(() => X509Certificate2.CreateFromPem(cert, key), $"The client certificate {Describe(tls.ClientCert)} and key {Describe(tls.ClientPrivateKey)} could not be loaded", "give PEM files of a certificate and its matching private key");
            }

            if (ca is not null)
            {
                Check(() => X509Certificate2.CreateFromPem(ca), $"The CA certificate {Describe(tls.ServerRootCACert)} could not be loaded", "give a PEM file (-----BEGIN CERTIFICATE-----)");
            }
        }

        var options = Profile.ToClientConnectionOptions();
        options.TargetHost = Address;
        options.Namespace = Namespace;
        options.DataConverter = GraduateDataConverter.Instance;
        return options;
    }

    private static ClientEnvConfig.Profile LoadProfile(ClientEnvConfig.ProfileLoadOptions options, Dictionary<string, string> variables)
    {
        try
        {
            return ClientEnvConfig.Profile.Load(options);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException)
        {
            var where = variables.TryGetValue(TemporalVariables.ConfigFile, out var file) ? file : options.ConfigSource?.Path ?? "the TEMPORAL_* variables";
            throw new TemporalSettingsException(
                $"The Temporal settings in {where} cannot be used ({FirstLine(e.Message)}): fix them, or choose another profile ({TemporalVariables.Profile}) or file ({TemporalVariables.ConfigFile}).", e);
        }
    }

    /// <summary>The <c>temporal</c> CLI's default config file, from the given variables (not the process's).</summary>
    private static string? DefaultConfigFile(IReadOnlyDictionary<string, string> environment)
    {
        var config = environment.TryGetValue("XDG_CONFIG_HOME", out var xdg) && xdg.Length > 0
            ? xdg
            : environment.TryGetValue("HOME", out var home) && home.Length > 0 ? Path.Combine(home, ".config") : null;
        return config is null ? null : Path.Combine(config, "temporalio", "temporal.toml");
    }

    private static ClientEnvConfig.Profile Overlay(ClientEnvConfig.Profile lower, ClientEnvConfig.Profile upper) => new(
        upper.Address ?? lower.Address,
        upper.Namespace ?? lower.Namespace,
        upper.ApiKey ?? lower.ApiKey,
        (lower.Tls, upper.Tls) switch
        {
            (null, var u) => u,
            (var l, null) => l,
            var (l, u) => new ClientEnvConfig.Tls(
                u.Disabled ?? l.Disabled,
                u.ServerName ?? l.ServerName,
                u.ServerRootCACert ?? l.ServerRootCACert,
                u.ClientCert ?? l.ClientCert,
                u.ClientPrivateKey ?? l.ClientPrivateKey),
        },
        (lower.GrpcMeta, upper.GrpcMeta) switch
        {
            (null, var u) => u,
            (var l, null) => l,
            var (l, u) => l.Concat(u).GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal),
        });

    private static string? Read(DataSource? source, string what)
    {
        if (source is null)
        {
            return null;
        }

        if (source.Path is { } path && !File.Exists(path))
        {
            throw new TemporalSettingsException($"The TLS {what} file {path} does not exist: point the setting at an existing PEM file.");
        }

        return source.GetBytes() is { } bytes ? Encoding.UTF8.GetString(bytes) : null;
    }

    private static void Check(Func<X509Certificate2> load, string problem, string todo)
    {
        try
        {
            using var certificate = load();
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            // ArgumentException: a key that is not the certificate's ("does not match the public key").
            throw new TemporalSettingsException($"{problem} ({FirstLine(e.Message)}): {todo}.", e);
        }
    }

    private static string Describe(DataSource? source) => source?.Path ?? "(inline data)";

    private static string FirstLine(string text)
    {
        const string Prefix = "Configuration loading error: ";
        var line = text.Split('\n', 2)[0].Trim().TrimEnd('.');
        while (line.StartsWith(Prefix, StringComparison.Ordinal))
        {
            line = line[Prefix.Length..];
        }

        return line;
    }
}
