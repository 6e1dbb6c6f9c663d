using System.Diagnostics;

namespace Graduate.Cli.Tests;

/// <summary>
/// `graduate` as a .NET tool: packed from this source, installed from the pack folder into a throwaway tool
/// path by a command run in an empty directory (no repository, no global.json around it), then run. The tool is
/// packed per platform (.NET 10 RID-specific tool packages: each carries one native Temporal bridge); this test
/// packs the pointer package and this machine's platform only, which is what an install here resolves.
/// </summary>
public sealed class ToolPackageTests
{
    [Fact]
    public async Task Tool_PackedAndInstalledFromCleanDirectory_RunsWithItsOwnConfiguration()
    {
        var work = Directory.CreateTempSubdirectory("graduate-tool-");
        try
        {
            var feed = Path.Combine(work.FullName, "feed");
            var tools = Path.Combine(work.FullName, "tools");
            var clean = Directory.CreateDirectory(Path.Combine(work.FullName, "clean")).FullName;
            var home = Path.Combine(work.FullName, "home");
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

            var rid = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
            var pack = await RunAsync(
                "dotnet",
                ["pack", Path.Combine(Testing.Repository.Root, "src/Cli/Graduate.Cli.csproj"), "-c", configuration, "-o", feed, "-nologo", "-p:ToolPackageRuntimeIdentifiers=" + rid],
                Testing.Repository.Root);
            Assert.True(pack.Code == 0, pack.Output);
            var install = await RunAsync("dotnet", ["tool", "install", "Graduate.Cli", "--tool-path", tools, "--add-source", feed, "--version", "0.1.0"], clean);
            Assert.True(install.Code == 0, install.Output);

            var graduate = Path.Combine(tools, "graduate");
            var help = await RunAsync(graduate, ["--help"], clean);
            var list = await RunAsync(graduate, ["env", "list"], clean, ("GRADUATE_HOME", home));
            var bad = await RunAsync(graduate, ["env", "add", "Bad Name", "dokku@host"], clean, ("GRADUATE_HOME", home));

            Assert.Equal(0, help.Code);
            Assert.Contains("demo", help.Output, StringComparison.Ordinal);
            Assert.Contains("start", help.Output, StringComparison.Ordinal);
            Assert.Equal(0, list.Code);
            Assert.Contains("No environments yet", list.Output, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.UsageError, bad.Code);
            var installed = Path.Combine(tools, ".store", "graduate.cli", "0.1.0", "graduate.cli." + rid, "0.1.0", "tools", "net10.0", rid);
            Assert.True(File.Exists(Path.Combine(installed, "demo-assets", "tests", "hosts", "harness.sh")), "the demo's simulated hosts travel with the tool");
            Assert.Single(Directory.GetFiles(installed, "*temporalio_sdk_core_c_bridge*", SearchOption.AllDirectories));
            var package = new FileInfo(Path.Combine(feed, $"Graduate.Cli.{rid}.0.1.0.nupkg"));
            Assert.True(package.Length < 25_000_000, $"the {rid} package is {package.Length} bytes: one platform's native bridge should keep it near 14 MB");
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, IEnumerable<string> args, string directory, params (string Name, string Value)[] environment)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(10));
        return (process.ExitCode, await stdout + await stderr);
    }
}
