using Graduate.Temporal.Activities;

namespace Graduate.Bench;

/// <summary>The one activity the benchmark runs: returns its input, so only the runtime's own cost is measured.</summary>
public sealed class NoopActivities
{
    [Activity("Noop")]
    public int Noop(int i) => i;
}
