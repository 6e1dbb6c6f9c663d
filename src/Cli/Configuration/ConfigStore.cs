namespace Graduate.Cli.Configuration;

/// <summary>graduate.yml of one <see cref="CliContext"/>: load, change, save.</summary>
public sealed class ConfigStore(CliContext context)
{
    public string Path => context.ConfigPath;

    /// <exception cref="ConfigFileException">The file has a mistake.</exception>
    public GraduateConfig Load() => ConfigReader.Load(Path);

    /// <summary>Loads, applies <paramref name="change"/>, and saves; nothing is written if the change throws.</summary>
    public GraduateConfig Update(Func<GraduateConfig, GraduateConfig> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var updated = change(Load());
        ConfigWriter.Save(Path, updated);
        return updated;
    }

    /// <summary>The environment called <paramref name="name"/>, or a configuration error saying how to add it.</summary>
    public static EnvironmentEntry RequireEnvironment(GraduateConfig config, string name)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.FindEnvironment(name) ?? throw new CliException(
            ExitCodes.ConfigurationError,
            config.Environments.Count == 0
                ? $"Unknown environment '{name}': no environments are configured yet; add one with `graduate env add {name} dokku@HOST`."
                : $"Unknown environment '{name}' (known: {string.Join(", ", config.Environments.Select(e => e.Name))}): add it with `graduate env add {name} dokku@HOST` or use a known name.");
    }
}
