namespace Graduate.Demo;

/// <summary>
/// The simulated hosts (tests/hosts) and the graduate plugin (dokku-plugin): next to the assembly under
/// <c>demo-assets/</c> (a build or the packaged tool), else in the repository checkout above it. Each run works on
/// its own copy, with executable bits restored (a NuGet package does not keep them).
/// </summary>
public static class DemoAssets
{
    public const string HarnessRelativePath = "tests/hosts/harness.sh";

    private const string OutputFolder = "demo-assets";

    /// <summary>The folder holding <c>tests/hosts</c> and <c>dokku-plugin</c>.</summary>
    /// <exception cref="DemoException">Neither place has them.</exception>
    public static string Find()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, OutputFolder);
        if (File.Exists(Path.Combine(beside, HarnessRelativePath)) && System.IO.Directory.Exists(Path.Combine(beside, "dokku-plugin")))
        {
            return beside;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, HarnessRelativePath)) && System.IO.Directory.Exists(Path.Combine(directory.FullName, "dokku-plugin")))
            {
                return directory.FullName;
            }
        }

        throw new DemoException(
            DemoExitCodes.ConfigurationError,
            $"The demo's simulated hosts are missing (no {OutputFolder}/{HarnessRelativePath} beside {AppContext.BaseDirectory}): reinstall graduate or run it from a checkout with ./build.sh demo.");
    }

    /// <summary>Copies the assets into <paramref name="destination"/> (same layout) and returns the harness path there.</summary>
    public static string CopyTo(string source, string destination)
    {
        foreach (var part in new[] { "tests/hosts", "dokku-plugin" })
        {
            CopyTree(Path.Combine(source, part), Path.Combine(destination, part));
        }

        return Path.Combine(destination, HarnessRelativePath);
    }

    private static void CopyTree(string from, string to)
    {
        System.IO.Directory.CreateDirectory(to);
        SetMode(to, executable: true);
        foreach (var directory in System.IO.Directory.EnumerateDirectories(from))
        {
            CopyTree(directory, Path.Combine(to, Path.GetFileName(directory)));
        }

        foreach (var file in System.IO.Directory.EnumerateFiles(from))
        {
            var target = Path.Combine(to, Path.GetFileName(file));
            File.Copy(file, target, overwrite: true);
            SetMode(target, executable: IsScript(file));
        }
    }

    // Scripts start with #!; README and data files stay plain. The hosts' user must read (and run) all of it.
    private static bool IsScript(string file)
    {
        using var stream = File.OpenRead(file);
        return stream.ReadByte() == '#' && stream.ReadByte() == '!';
    }

    private static void SetMode(string path, bool executable)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        if (executable)
        {
            mode |= UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        }

        File.SetUnixFileMode(path, mode);
    }
}
