namespace Graduate.Cli.Configuration;

/// <summary>graduate.yml of one <see cref="CliContext"/>: load, change, save.</summary>
public sealed class ConfigStore(CliContext context)
{
    public string Path => context.ConfigPath;

    /// <exception cref="ConfigFileException">The file has a mistake.</exception>
    public GraduateConfig Load() => ConfigReader.Load(Path);

    /// <summary>How long a change waits for another graduate command that is changing the file.</summary>
    public static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Loads, applies <paramref name="change"/>, and saves, holding a lock file so two commands changing the
    /// file at once cannot lose each other's change; nothing is written if the change throws.
    /// </summary>
    public GraduateConfig Update(Func<GraduateConfig, GraduateConfig> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        using var held = Lock();
        var text = File.Exists(Path) ? File.ReadAllText(Path) : null;
        var updated = change(text is null ? new GraduateConfig() : ConfigReader.Parse(text, Path));
        ConfigWriter.Save(Path, updated, text is null ? null : ConfigComments.Read(text));
        return updated;
    }

    private FileStream Lock()
    {
        var lockPath = System.IO.Path.Combine(context.HomeDirectory, ".graduate.yml.lock");
        Directory.CreateDirectory(context.HomeDirectory);
        var deadline = DateTime.UtcNow + LockTimeout;
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive lock between processes (flock on Unix).
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }
            catch (IOException e)
            {
                throw new CliException(ExitCodes.ConfigurationError, $"Another graduate command has been changing {Path} for {LockTimeout.TotalSeconds:0} s: wait for it to finish (or remove {lockPath} if none runs) and run again.", e);
            }
        }
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

    /// <summary>
    /// The environment graduations to <paramref name="destination"/> come from by default: the one listed just before it
    /// in graduate.yml (environments are written in promotion order). Its state repo holds <paramref name="destination"/>'s
    /// tags. Null when <paramref name="destination"/> is listed first.
    /// </summary>
    /// <exception cref="CliException"><paramref name="destination"/> is not in graduate.yml (configuration error).</exception>
    public static EnvironmentEntry? SourceBefore(GraduateConfig config, string destination)
    {
        ArgumentNullException.ThrowIfNull(config);
        var name = RequireEnvironment(config, destination).Name;
        var index = config.Environments.Select(e => e.Name).ToList().IndexOf(name);
        return index > 0 ? config.Environments[index - 1] : null;
    }
}
