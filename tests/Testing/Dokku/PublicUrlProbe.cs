using System.Collections.Concurrent;
using System.Text.Json;

namespace Graduate.Testing;

/// <summary>
/// Polls an app's public URL at a fixed interval in the background and records every answer:
/// the <c>version</c> field of a successful JSON answer, or a failure (error status, refused
/// connection, timeout, unparsable body). Used to prove "zero failed requests during a switch".
/// <para>
/// Every request is a new client's: its own connection, closed after the answer. A kept-alive connection is no
/// measure of serving: nginx's graceful reload (every Dokku deploy does one) closes its old workers' idle
/// connections, and a request sent on one as it closes fails however well the apps serve (measured on the lab:
/// 15 reloads, 15 failures on one kept-alive connection, 0 of 1,923 with a connection per request). Clients retry
/// such a request (an idempotent one on a reused connection); a prober that counts answers must not need to.
/// </para>
/// </summary>
public sealed class PublicUrlProbe : IAsyncDisposable
{
    private readonly HttpClient client;
    private readonly Uri url;
    private readonly TimeSpan interval;
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentQueue<ProbeAnswer> answers = new();
    private readonly Task loop;

    private PublicUrlProbe(Uri url, TimeSpan interval)
    {
        this.url = url;
        this.interval = interval;
        client = new HttpClient(new SocketsHttpHandler()) { Timeout = TimeSpan.FromSeconds(5) };
        loop = Task.Run(() => RunAsync(stop.Token));
    }

    /// <summary>Starts polling <paramref name="url"/> every <paramref name="interval"/>.</summary>
    public static PublicUrlProbe Start(Uri url, TimeSpan interval) => new(url, interval);

    public IReadOnlyList<ProbeAnswer> Answers => [.. answers];

    public int Failures => answers.Count(a => a.Version is null);

    /// <summary>Versions in the order first seen.</summary>
    public IReadOnlyList<string> VersionsSeen => [.. answers.Where(a => a.Version is not null).Select(a => a.Version!).Distinct()];

    /// <summary>The most recent successful answer's version, if any.</summary>
    public string? LatestVersion => answers.LastOrDefault(a => a.Version is not null)?.Version;

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        stop.Dispose();
        client.Dispose();
    }

    /// <summary>Stops polling (after one more answer is in, so the last state is observed).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var count = answers.Count;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (answers.Count == count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
        }

        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        do
        {
            answers.Enqueue(await AskAsync(cancellationToken).ConfigureAwait(false));
        }
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
    }

    private async Task<ProbeAnswer> AskAsync(CancellationToken cancellationToken)
    {
        var at = DateTimeOffset.UtcNow;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.ConnectionClose = true;
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return new ProbeAnswer(at, null, $"HTTP {(int)response.StatusCode}: {body.Trim()}");
            }

            using var document = JsonDocument.Parse(body);
            return new ProbeAnswer(at, document.RootElement.GetProperty("version").GetString(), body.Trim());
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception error) when (error is HttpRequestException or JsonException or KeyNotFoundException or TaskCanceledException)
        {
            // With the inner errors: "sending the request" alone does not say whether nginx reset the connection
            // or the app refused it.
            var detail = error.Message;
            for (var inner = error.InnerException; inner is not null; inner = inner.InnerException)
            {
                detail += " <- " + inner.Message;
            }

            return new ProbeAnswer(at, null, detail);
        }
    }
}
