using System.Runtime.ExceptionServices;

namespace Graduate.Activities;

/// <summary>
/// One listing on one host (a graduation's jobs, or its gates) followed for everyone in this worker who waits on it:
/// one command at a time asks the host to answer once the listing differs from the last answer (the plugin's
/// <c>--wait</c>), and every answer that differs is handed to every subscriber. Ten activities waiting on ten apps
/// thus cost one waiting command per host, not ten commands a second. Runs while anyone is subscribed; a failed
/// command fails every subscriber (each activity retries as it would have), and the next subscription starts afresh.
/// </summary>
/// <param name="fetch">The next answer, given the last one (null: answer at once).</param>
/// <param name="signature">What subscribers care about in an answer: an answer with the same signature is not handed on.</param>
/// <param name="ended">Called once when the watch has ended (no subscriber left, or a failed command).</param>
internal sealed class HostWatch<T>(Func<T?, CancellationToken, Task<T>> fetch, Func<T, string> signature, Action<HostWatch<T>> ended)
    where T : class
{
    private readonly Lock gate = new();
    private TaskCompletionSource published = NewSignal();
    private T? latest;
    private string? latestSignature;
    private long version;
    private ExceptionDispatchInfo? failure;
    private int subscribers;
    private Action? stop;
    private bool retired;

    /// <summary>Subscribes, starting the watch if it is not running; null when this watch has ended (make a new one).</summary>
    public Subscription? Subscribe()
    {
        lock (gate)
        {
            if (retired)
            {
                return null;
            }

            subscribers++;
            if (stop is null)
            {
                // The loop owns (and disposes) its token source; this keeps only the way to stop it.
                var loop = new CancellationTokenSource();
                stop = loop.Cancel;
                _ = Task.Run(() => RunAsync(loop));
            }

            return new Subscription(this);
        }
    }

    private async Task<(long Version, T Value)> NextAsync(long after, CancellationToken ct)
    {
        while (true)
        {
            Task signal;
            lock (gate)
            {
                if (version > after && latest is not null)
                {
                    return (version, latest);
                }

                failure?.Throw();
                signal = published.Task;
            }

            await signal.WaitAsync(ct).ConfigureAwait(false);
        }
    }

    private void Unsubscribe()
    {
        lock (gate)
        {
            if (--subscribers > 0 || retired)
            {
                return;
            }

            // Nobody waits any more: this watch ends (a later subscriber starts a new one with a fresh answer).
            retired = true;
            stop?.Invoke();
        }

        ended(this);
    }

    private async Task RunAsync(CancellationTokenSource loop)
    {
        var ct = loop.Token;
        T? last = null;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var next = await fetch(last, ct).ConfigureAwait(false);
                var nextSignature = signature(next);
                lock (gate)
                {
                    if (latest is null || nextSignature != latestSignature)
                    {
                        latest = next;
                        latestSignature = nextSignature;
                        version++;
                        Signal();
                    }
                }

                last = next;
            }
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // Ended because nobody waits any more (the interrupted command may report that in its own way).
        }
        catch (Exception e)
        {
            bool wasRetired;
            lock (gate)
            {
                wasRetired = retired;
                retired = true;
                failure = ExceptionDispatchInfo.Capture(e);
                Signal();
            }

            if (!wasRetired)
            {
                ended(this);
            }
        }
        finally
        {
            lock (gate)
            {
                stop = null;
            }

            loop.Dispose();
        }
    }

    private void Signal()
    {
        var old = published;
        published = NewSignal();
        old.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>One subscriber's place in the watch: each <see cref="NextAsync"/> answers an answer newer than the last it gave.</summary>
    internal sealed class Subscription(HostWatch<T> watch) : IDisposable
    {
        private long seen;
        private int disposed;

        /// <summary>The first answer this subscriber has not seen yet (waiting for it when there is none).</summary>
        public async Task<T> NextAsync(CancellationToken ct)
        {
            var (version, value) = await watch.NextAsync(Volatile.Read(ref seen), ct).ConfigureAwait(false);
            Volatile.Write(ref seen, version);
            return value;
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                watch.Unsubscribe();
            }
        }
    }
}
