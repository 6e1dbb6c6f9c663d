using System.Text.Json;

namespace Graduate.Demo;

/// <summary>
/// Asks each of production's public URLs every <c>interval</c> for the whole graduation, like its users would, and
/// counts the requests and the failed ones (an error status, a refused connection, a timeout, an answer without a version).
/// </summary>
public sealed class TrafficProbe : IAsyncDisposable
{
    private readonly HttpClient client = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly CancellationTokenSource stop = new();
    private readonly List<Task> loops;
    private int requests;
    private int failures;

    private TrafficProbe(IReadOnlyList<Uri> urls, TimeSpan interval) =>
        loops = [.. urls.Select(url => Task.Run(() => PollAsync(url, interval, stop.Token)))];

    public int Requests => Volatile.Read(ref requests);

    public int FailedRequests => Volatile.Read(ref failures);

    public static TrafficProbe Start(IReadOnlyList<Uri> urls, TimeSpan interval) => new(urls, interval);

    /// <summary>The <c>version</c> an app's public URL answers now, or null when it does not answer with one.</summary>
    public static async Task<string?> VersionAsync(Uri url, CancellationToken ct)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        return await AskAsync(client, url, ct).ConfigureAwait(false);
    }

    public async Task StopAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(loops).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        stop.Dispose();
        client.Dispose();
    }

    private async Task PollAsync(Uri url, TimeSpan interval, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(interval);
        do
        {
            var version = await AskAsync(client, url, ct).ConfigureAwait(false);
            Interlocked.Increment(ref requests);
            if (version is null)
            {
                Interlocked.Increment(ref failures);
            }
        }
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false));
    }

    private static async Task<string?> AskAsync(HttpClient client, Uri url, CancellationToken ct)
    {
        try
        {
            using var response = await client.GetAsync(url, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
            return document.RootElement.TryGetProperty("version", out var version) ? version.GetString() : null;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or InvalidOperationException
            || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            return null;
        }
    }
}
