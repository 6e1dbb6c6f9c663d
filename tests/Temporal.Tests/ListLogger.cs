using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Graduate.Temporal.Tests;

/// <summary>Keeps every formatted log line, at every level, for a test to look at.</summary>
internal sealed class ListLogger : ILogger
{
    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyCollection<string> Lines => lines;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        lines.Enqueue(formatter(state, exception));
}
