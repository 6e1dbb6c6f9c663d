using System.Collections.Concurrent;
using System.Text.Json;

namespace Graduate.Bench;

/// <summary>
/// Polls every app's public URL and notes when each first answers with the new version. Slow while nothing is
/// about to change (a fast poll of many apps would load the machine the graduation runs on); <see cref="Accelerate"/>
/// switches apps still on the old version to the fast interval, once every app is held at its gate.
/// </summary>
internal sealed class GoLiveProbes : IAsyncDisposable
{
    private readonly HttpClient client = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(2) };
    private readonly string newVersion;
    private readonly ConcurrentDictionary<string, DateTimeOffset> firstNew = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> failures = new();
    private readonly CancellationTokenSource stop = new();
    private readonly TimeSpan slow;
    private readonly List<Task> loops;
    private long fastTicks;
    private int requests;

    private GoLiveProbes(IReadOnlyDictionary<string, Uri> urls, string newVersion, TimeSpan slow)
    {
        this.newVersion = newVersion;
        this.slow = slow;
        loops = [.. urls.Select(u => Task.Run(() => PollAsync(u.Key, u.Value, stop.Token)))];
    }

    public int Requests => Volatile.Read(ref requests);

    public IReadOnlyList<string> Failures => [.. failures];

    /// <summary>When each app first answered with the new version (request sent at).</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> FirstNew => firstNew;

    public static GoLiveProbes Start(IReadOnlyDictionary<string, Uri> urls, string newVersion, TimeSpan slow) => new(urls, newVersion, slow);

    public void Accelerate(TimeSpan fast) => Interlocked.Exchange(ref fastTicks, fast.Ticks);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await Task.WhenAll(loops);
        }
        catch (OperationCanceledException)
        {
        }

        stop.Dispose();
        client.Dispose();
    }

    private async Task PollAsync(string app, Uri url, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var at = DateTimeOffset.UtcNow;
            var version = await AskAsync(app, url, ct);
            if (version == newVersion)
            {
                firstNew.TryAdd(app, at);
            }

            var fast = Interlocked.Read(ref fastTicks);
            await Task.Delay(fast > 0 && !firstNew.ContainsKey(app) ? TimeSpan.FromTicks(fast) : slow, ct);
        }
    }

    private async Task<string?> AskAsync(string app, Uri url, CancellationToken ct)
    {
        Interlocked.Increment(ref requests);
        try
        {
            using var response = await client.GetAsync(url, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                failures.Enqueue($"{app}: HTTP {(int)response.StatusCode} {body.Trim()}");
                return null;
            }

            using var document = JsonDocument.Parse(body);
            return document.RootElement.GetProperty("version").GetString();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException or TaskCanceledException)
        {
            failures.Enqueue($"{app}: {e.Message}");
            return null;
        }
    }
}
