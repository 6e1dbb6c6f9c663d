using System.Diagnostics;

namespace Graduate.RealDokku.Tests;

/// <summary>
/// A throwaway Dokku plugin on the lab with one trigger, for a test to make real Dokku fail or wait at a step of its
/// deploy. Its trigger script gets a marker directory (world-writable: the trigger runs as dokku) that the test and
/// the script talk through. Dokku runs a trigger's plugins in name order, so a <c>graduate-test-*</c> plugin's
/// <c>check-deploy</c> runs before the graduate gate (<c>zzz-graduate-gate</c>). Removed on dispose.
/// </summary>
internal sealed class LabTestPlugin : IDisposable
{
    private const string Plugins = "/var/lib/dokku/plugins";
    private readonly string name;

    private LabTestPlugin(string name, string marker)
    {
        this.name = name;
        Marker = marker;
    }

    /// <summary>Where the test and the trigger leave each other files.</summary>
    public string Marker { get; }

    /// <param name="name">The plugin's name (<c>graduate-test-...</c>).</param>
    /// <param name="description">What it does, for <c>dokku plugin:list</c>.</param>
    /// <param name="trigger">The trigger it implements (<c>post-deploy</c>, <c>check-deploy</c>...).</param>
    /// <param name="script">The trigger's bash script, given the marker directory.</param>
    public static LabTestPlugin Install(string name, string description, string trigger, Func<string, string> script)
    {
        var marker = Directory.CreateTempSubdirectory(name + "-").FullName;
        Run("chmod", "1777", marker);
        var available = Path.Combine(Plugins, "available", name);
        Directory.CreateDirectory(available);
        File.WriteAllText(Path.Combine(available, "plugin.toml"), $"[plugin]\ndescription = \"graduate tests: {description}\"\nversion = \"0.0.1\"\n[plugin.config]\n");
        File.WriteAllText(Path.Combine(available, trigger), script(marker));
        Run("chmod", "755", Path.Combine(available, trigger));
        Run("chown", "-R", "dokku:dokku", available);
        File.CreateSymbolicLink(Path.Combine(Plugins, "enabled", name), available);
        return new LabTestPlugin(name, marker);
    }

    public void Dispose()
    {
        File.Delete(Path.Combine(Plugins, "enabled", name));
        Directory.Delete(Path.Combine(Plugins, "available", name), recursive: true);
        Directory.Delete(Marker, recursive: true);
    }

    private static void Run(string command, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments))!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }
}
