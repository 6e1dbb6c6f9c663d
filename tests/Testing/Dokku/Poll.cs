namespace Graduate.Testing;

/// <summary>Waiting without sleeps-as-synchronisation: poll a condition until it holds or a deadline passes.</summary>
public static class Poll
{
    /// <summary>
    /// Evaluates <paramref name="probe"/> every <paramref name="interval"/> (default 50 ms) until it returns a
    /// non-null value, which is returned; throws <see cref="TimeoutException"/> naming <paramref name="what"/>
    /// and the last observation when <paramref name="timeout"/> passes.
    /// </summary>
    public static async Task<T> UntilAsync<T>(
        string what,
        Func<CancellationToken, Task<(T? Value, string Observed)>> probe,
        TimeSpan timeout,
        CancellationToken cancellationToken,
        TimeSpan? interval = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        var deadline = DateTime.UtcNow + timeout;
        var observed = "nothing yet";
        while (true)
        {
            var (value, seen) = await probe(cancellationToken).ConfigureAwait(false);
            observed = seen;
            if (value is not null)
            {
                return value;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s waiting for {what}; last observed: {observed}");
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Polls until <paramref name="condition"/> is true (every <paramref name="interval"/>, default 50 ms).</summary>
    public static async Task UntilTrueAsync(
        string what,
        Func<CancellationToken, Task<(bool Done, string Observed)>> condition,
        TimeSpan timeout,
        CancellationToken cancellationToken,
        TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        await UntilAsync<object>(
            what,
            async ct =>
            {
                var (done, seen) = await condition(ct).ConfigureAwait(false);
                return (done ? new object() : null, seen);
            },
            timeout,
            cancellationToken,
            interval).ConfigureAwait(false);
    }
}
