namespace Graduate.Bench;

/// <summary>What one runtime achieved in this run.</summary>
public sealed class BenchFigures
{
    public Percentiles Floor { get; set; } = null!;

    public Percentiles EmptyWorkflow { get; set; } = null!;

    public Percentiles TaskRoundTrip { get; set; } = null!;

    public Percentiles TaskProcessing { get; set; } = null!;

    public Percentiles OneActivity { get; set; } = null!;

    public Throughput Fanout { get; set; } = null!;

    public int FanoutWorkflowTasks { get; set; }

    public int FanoutHistoryEvents { get; set; }

    public Throughput Concurrent { get; set; } = null!;
}

/// <summary>Count items done in so many seconds.</summary>
public sealed record Throughput(int Count, double Seconds, double PerSecond);
