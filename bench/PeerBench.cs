using System.Diagnostics;
using System.Text.Json;

namespace Graduate.Bench;

/// <summary>
/// Runs <c>peer.py bench</c> (Temporal's official Python SDK) against our dev server, with and without its sticky
/// cache. The SDK installs offline from ../shared/tools/temporal-python-sdk into bench/.venv-peer.
/// </summary>
public static class PeerBench
{
    private static readonly TimeSpan PeerTimeout = TimeSpan.FromSeconds(90);

    public static async Task<PeerResult> RunAsync(string address, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        var root = RepositoryRoot();
        var sdk = Path.GetFullPath(Path.Combine(root, "..", "shared", "tools", "temporal-python-sdk"));
        var peerPy = Path.Combine(sdk, "peer.py");
        if (!File.Exists(peerPy))
        {
            return PeerResult.Missing($"{peerPy} is missing: the official peer needs ../shared/tools/temporal-python-sdk beside the repository");
        }

        var venv = Path.Combine(root, "bench", ".venv-peer");
        var python = Path.Combine(venv, "bin", "python");
        if (!File.Exists(python))
        {
            var (code, output) = await RunAsync("python3", ["-m", "venv", venv], PeerTimeout, ct);
            if (code != 0)
            {
                return PeerResult.Missing($"python3 cannot make a venv (exit {code}): {FirstLine(output)}");
            }
        }

        var (pipCode, pipOutput) = await RunAsync(
            python, ["-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-index", "--find-links", sdk, "temporalio"], PeerTimeout, ct);
        if (pipCode != 0)
        {
            return PeerResult.Missing($"offline pip install of temporalio failed (exit {pipCode}): {FirstLine(pipOutput)}");
        }

        var installSeconds = stopwatch.Elapsed.TotalSeconds;
        var cache = await BenchOnceAsync(python, peerPy, address, noCache: false, ct);
        var cacheSeconds = stopwatch.Elapsed.TotalSeconds;
        var noCache = await BenchOnceAsync(python, peerPy, address, noCache: true, ct);
        Console.WriteLine($"official peer: venv + install {installSeconds:0.0} s, cache run {cacheSeconds - installSeconds:0.0} s, no-cache run {stopwatch.Elapsed.TotalSeconds - cacheSeconds:0.0} s");
        return new PeerResult(cache.Figures, noCache.Figures, cache.Error ?? noCache.Error);
    }

    private static async Task<(PeerFigures? Figures, string? Error)> BenchOnceAsync(
        string python, string peerPy, string address, bool noCache, CancellationToken ct)
    {
        List<string> args = [peerPy, "bench", "--address", address];
        if (noCache)
        {
            args.Add("--no-cache");
        }

        var (code, output) = await RunAsync(python, args, PeerTimeout, ct);
        var json = output.Split('\n').LastOrDefault(l => l.TrimStart().StartsWith('{'));
        if (json is null)
        {
            return (null, $"peer.py bench{(noCache ? " --no-cache" : string.Empty)} exited {code}: {FirstLine(output)}");
        }

        using var doc = JsonDocument.Parse(json);
        var r = doc.RootElement;
        Percentiles P(string name) => new(r.GetProperty(name).GetProperty("p50").GetDouble(), r.GetProperty(name).GetProperty("p99").GetDouble(), 0);
        Throughput T(string name, string count) => new(
            r.GetProperty(name).GetProperty(count).GetInt32(),
            r.GetProperty(name).GetProperty("seconds").GetDouble(),
            r.GetProperty(name).GetProperty("perSecond").GetDouble());
        return (new PeerFigures(
            r.GetProperty("sdk").GetString() ?? "temporalio",
            P("floorRpcMs"),
            P("oneActivityWorkflowMs"),
            T("fanout", "activities"),
            T("concurrentWorkflows", "workflows")),
            code == 0 ? null : $"peer.py bench{(noCache ? " --no-cache" : string.Empty)} printed its figures but then exited {code} ({Path.GetFileName(python)} {FirstLine(output)})");
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, IEnumerable<string> args, TimeSpan timeout, CancellationToken ct)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"{file}: {e.Message}");
        }

        using (process)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(timeout);
            var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
            var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
                return (process.ExitCode, (await stdout) + "\n" + (await stderr));
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return (-1, $"{Path.GetFileName(file)} {string.Join(' ', info.ArgumentList)} did not finish within {timeout.TotalSeconds} s");
            }
        }
    }

    private static string FirstLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.LastOrDefault(l => l.Contains("Error", StringComparison.Ordinal) || l.Contains("panic", StringComparison.OrdinalIgnoreCase)) ?? lines.FirstOrDefault() ?? "(no output)";
    }

    /// <summary>The directory holding Graduate.sln (build.sh runs from there; dotnet run may not).</summary>
    private static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Graduate.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return Directory.GetCurrentDirectory();
    }
}

/// <summary>What the official SDK achieved, with or without its sticky cache.</summary>
public sealed record PeerFigures(string Sdk, Percentiles Floor, Percentiles OneActivity, Throughput Fanout, Throughput Concurrent);

/// <summary>Both peer runs, or why there are none.</summary>
public sealed record PeerResult(PeerFigures? Cache, PeerFigures? NoCache, string? Error)
{
    public static PeerResult Missing(string why) => new(null, null, why);
}
