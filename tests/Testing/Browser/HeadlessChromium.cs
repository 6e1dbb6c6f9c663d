using System.Diagnostics;

namespace Graduate.Testing;

/// <summary>
/// Debian's Chromium, headless, to look at pages the way a person would: the DOM after its scripts ran, or a
/// screenshot. Found at $CHROMIUM or /usr/bin/chromium; ./build.sh test installs it.
/// </summary>
public static class HeadlessChromium
{
    /// <summary>The browser binary, or an exception that says how to install it.</summary>
    public static string Find()
    {
        var path = Environment.GetEnvironmentVariable("CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"no Chromium at {path}: install it (sudo apt-get install chromium) or set CHROMIUM; ./build.sh test installs it");
    }

    /// <summary>The page's DOM once its scripts settled (virtual time budget).</summary>
    public static async Task<string> DumpDomAsync(Uri page, CancellationToken ct = default)
    {
        var (output, _) = await RunAsync(["--dump-dom", page.ToString()], ct).ConfigureAwait(false);
        return output;
    }

    /// <summary>Saves a PNG screenshot of the page.</summary>
    public static async Task ScreenshotAsync(Uri page, string pngPath, CancellationToken ct = default)
    {
        await RunAsync(["--window-size=1400,1000", $"--screenshot={pngPath}", page.ToString()], ct).ConfigureAwait(false);
        if (!File.Exists(pngPath))
        {
            throw new InvalidOperationException($"chromium wrote no screenshot of {page}");
        }
    }

    private static async Task<(string Stdout, string Stderr)> RunAsync(IEnumerable<string> args, CancellationToken ct)
    {
        var profile = Directory.CreateTempSubdirectory("graduate-chromium-");
        try
        {
            var info = new ProcessStartInfo(Find()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            // As root it needs --no-sandbox; the background-networking flags keep it off the (closed) network.
            foreach (var arg in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--virtual-time-budget=15000", $"--user-data-dir={profile.FullName}",
            }.Concat(args))
            {
                info.ArgumentList.Add(arg);
            }

            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromMinutes(3));
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("chromium did not finish within 90 s");
            }

            return (await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
