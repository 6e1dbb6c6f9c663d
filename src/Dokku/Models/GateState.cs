namespace Graduate.Dokku.Models;

/// <summary>Where an app's graduate gate stands (see CONTRACT.md, <c>graduate:gates</c>).</summary>
public enum GateState
{
    /// <summary>A state this client does not know: a newer plugin. Treat as not done.</summary>
    Unknown,
    Armed,
    Staged,
    Live,
    Aborted,
    Failed,
    TimedOut,
}
