namespace Graduate.Bench;

/// <summary>p50/p99 of a set of samples in milliseconds, picked the way peer.py picks them (sorted[min(n-1, n*p)]).</summary>
public sealed record Percentiles(double P50, double P99, int Samples)
{
    public static Percentiles Of(IReadOnlyCollection<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        double At(double p) => Math.Round(sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * p))], 2);
        return new Percentiles(At(0.5), At(0.99), sorted.Length);
    }
}
