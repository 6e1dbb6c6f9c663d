namespace Graduate.Bench;

/// <summary>
/// One app's deploy on the destination, from its deploy log: received (the push's pre-receive), held at the graduate
/// gate (its check-deploy) and released, switched (proxy), deployed (end). Its own time is what Dokku spent: receive to
/// end without the time inside the gate, which belongs to the graduation.
/// </summary>
internal sealed record AppDeploy(
    string App,
    DateTimeOffset Received,
    DateTimeOffset? GateEntered,
    DateTimeOffset? GateLeft,
    DateTimeOffset? Switched,
    DateTimeOffset? Ended,
    bool Failed)
{
    public TimeSpan InGate => GateEntered is { } entered && GateLeft is { } left ? left - entered : TimeSpan.Zero;

    public TimeSpan? OwnTime => Ended is { } ended ? ended - Received - InGate : null;
}
