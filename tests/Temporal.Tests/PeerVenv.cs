using System.Diagnostics;

namespace Graduate.Temporal.Tests;

/// <summary>
/// Temporal's official Python SDK, installed offline once per test run into a temporary venv from
/// ../shared/tools/temporal-python-sdk (beside the repository). Missing python3 or venv fails the tests that need it.
/// </summary>
internal static class PeerVenv
{
    private static readonly Lazy<Task<string>> Python = new(CreateAsync);

    /// <summary>peer.py: the official worker hosting PeerWorkflow and PeerActivity.</summary>
    public static string PeerPy => Path.Combine(SdkDirectory, "peer.py");

    private static string SdkDirectory =>
        Path.GetFullPath(Path.Combine(Testing.Repository.Root, "..", "shared", "tools", "temporal-python-sdk"));

    /// <summary>The venv's python, with temporalio installed.</summary>
    public static Task<string> PythonAsync() => Python.Value;

    private static async Task<string> CreateAsync()
    {
        if (!File.Exists(PeerPy))
        {
            throw new InvalidOperationException($"{PeerPy} is missing: the peer tests need ../shared/tools/temporal-python-sdk beside the repository");
        }

        var venv = Path.Combine(Path.GetTempPath(), $"graduate-peer-venv-{Environment.ProcessId}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(venv, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: it is a temp dir.
            }
        };
        var (code, output) = await RunAsync("python3", ["-m", "venv", venv]);
        if (code != 0)
        {
            throw new InvalidOperationException($"python3 cannot make a venv for the official peer (exit {code}): {LastLine(output)}; install python3 (>= 3.10) with venv");
        }

        var python = Path.Combine(venv, "bin", "python");
        (code, output) = await RunAsync(python, ["-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-index", "--find-links", SdkDirectory, "temporalio"]);
        if (code != 0)
        {
            throw new InvalidOperationException($"offline install of the official Python SDK from {SdkDirectory} failed (exit {code}): {LastLine(output)}");
        }

        return python;
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
            return (process.ExitCode, await stdout + await stderr);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"{file} not found: {e.Message}");
        }
    }

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "(no output)";
}
